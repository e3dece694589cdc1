-- What the waiting room keeps in PostgreSQL so that a loss of Redis's data does not reorder the
-- queue: every admission tick's highest place admitted and the end of the accesses it gave. The
-- waiting visitors need nothing here (their queue tickets name their places); the admitted ones
-- are found by their ticket's place: the first tick whose head is at or above it admitted them.
create table onsale_admission (
  onsale_id       uuid not null references onsale(id) on delete cascade,
  head            bigint not null check (head >= 0),
  -- milliseconds since the epoch, as in the access tokens (a token names its end to the ms)
  access_ends_at  bigint not null,
  admitted        integer not null check (admitted > 0),
  primary key (onsale_id, head)
);

-- The server secret (sessions, order secrets, e-mail links, queue tokens) when GUICHET_SECRET is
-- not set and PostgreSQL is external: kept where the data is, so a restart of any node keeps every
-- token genuine and every node of a cluster signs with the same one.
create table server_secret (
  id          integer primary key check (id = 1),
  secret      bytea not null check (octet_length(secret) >= 32),
  created_at  timestamptz not null default now()
);
