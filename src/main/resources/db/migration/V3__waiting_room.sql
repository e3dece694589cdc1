-- The waiting rooms of on-sales. The queue itself lives in Redis; its settings live here (the
-- source of truth) and are copied to Redis, where the admission script reads them.

create table onsale (
  id                     uuid primary key,
  organizer_id           uuid not null references organizer(id),
  name                   text not null,
  queue_opens_at         timestamptz not null,
  sale_starts_at         timestamptz not null,
  admission_per_minute   integer not null check (admission_per_minute between 1 and 1000000),
  max_active_shoppers    integer not null check (max_active_shoppers between 1 and 10000000),
  access_token_seconds   integer not null check (access_token_seconds between 60 and 86400),
  enabled                boolean not null,
  created_at             timestamptz not null,
  updated_at             timestamptz not null,
  check (sale_starts_at >= queue_opens_at)
);
create index onsale_organizer_idx on onsale(organizer_id);

-- A performance belongs to at most one on-sale: its holds then need the on-sale's access token.
create table onsale_performance (
  onsale_id       uuid not null references onsale(id) on delete cascade,
  performance_id  uuid not null references performance(id) on delete cascade,
  primary key (onsale_id, performance_id),
  unique (performance_id)
);
