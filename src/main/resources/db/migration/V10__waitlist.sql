-- The waiting list of sold-out performances: buyers' entries, the offers of seats that came back,
-- the list's settings per performance and the seats an organizer sent to it. PostgreSQL is the
-- source of truth for entries and offers; the seats of an offer are held in the grid under the
-- offer's hold id until its deadline. The functions that change entries and offers are in
-- R__waitlist.sql (one text each).

-- Per performance that ever had an entry: the organizer's settings, the lease of the node that
-- makes the offers (one at a time; its epoch fences a node that lost it), and the fairness state
-- of the list (see README: the entry seats accumulate for, until when, and the offers made since
-- the last such priority ended).
create table waitlist_settings (
  performance_id         uuid primary key references performance(id) on delete cascade,
  enabled                boolean not null default true,
  paused                 boolean not null default false,
  offer_seconds          integer not null default 1800 check (offer_seconds between 60 and 604800),
  max_passes             integer not null default 3 check (max_passes between 0 and 1000),
  patience_seconds       integer not null default 900 check (patience_seconds between 0 and 604800),
  lease_owner            uuid,
  lease_epoch            bigint not null default 0,
  lease_until            timestamptz,
  priority_entry         uuid,
  priority_until         timestamptz,
  offers_since_priority  integer not null default 1000000,
  updated_at             timestamptz not null
);

-- Sign-up order across the whole list (an entry's place: the lower, the earlier).
create sequence waitlist_entry_seq;

-- An entry: a buyer (an account, or a guest's e-mail address: buyer_key) waiting for seats of one
-- performance. No foreign keys on purpose: sign-ups come in group commits of hundreds at on-sale
-- scale, and a foreign key is a lookup and a shared row lock per row on the same few performance
-- and point-of-sale rows (their ids are checked by the server before the write).
create table waitlist_entry (
  id             uuid primary key,
  seq            bigint not null default nextval('waitlist_entry_seq'),
  performance_id uuid not null,
  pos_id         uuid not null,
  channel_id     uuid not null,
  customer_id    uuid,
  buyer_key      text not null,
  email          text not null,
  first_name     text not null,
  last_name      text not null,
  language       text not null,
  quantity       integer not null check (quantity between 1 and 1000),
  -- acceptable seat categories, in the buyer's order of preference
  categories     text[] not null check (cardinality(categories) between 1 and 64),
  together       boolean not null,
  status         text not null
    check (status in ('UNCONFIRMED', 'WAITING', 'OFFERED', 'TAKEN', 'LEFT', 'LAPSED')),
  -- how many offers went to entries behind this one while it could not be seated (fairness)
  passes         integer not null default 0,
  created_at     timestamptz not null,
  updated_at     timestamptz not null
);
-- One live entry per buyer and performance, whatever the retries and tabs.
create unique index waitlist_entry_live_idx on waitlist_entry(performance_id, buyer_key)
  where status in ('UNCONFIRMED', 'WAITING', 'OFFERED');
-- The offer engine reads the waiting entries of a performance in sign-up order.
create index waitlist_entry_waiting_idx on waitlist_entry(performance_id, seq)
  where status = 'WAITING';

-- An offer: seats of one category (or places of a standing area) held for one entry until a
-- deadline. OPEN until TAKEN (a cart was opened from it), LAPSED (its deadline passed) or
-- WITHDRAWN (the entry left).
create table waitlist_offer (
  id              uuid primary key,
  entry_id        uuid not null references waitlist_entry(id),
  performance_id  uuid not null,
  hold_id         bigint not null,
  category        text not null,
  seat_ids        text[] not null,
  ga_area         integer,
  places          integer not null check (places > 0),
  status          text not null check (status in ('OPEN', 'TAKEN', 'LAPSED', 'WITHDRAWN')),
  created_at      timestamptz not null,
  expires_at      timestamptz not null,
  -- when the earliest of its seats came back (null: unknown), for the offer lag
  freed_at        timestamptz,
  closed_at       timestamptz,
  cart_id         uuid,
  -- the lease epoch of the node that made it
  epoch           bigint not null
);
create unique index waitlist_offer_open_entry_idx on waitlist_offer(entry_id) where status = 'OPEN';
create index waitlist_offer_open_idx on waitlist_offer(performance_id, expires_at)
  where status = 'OPEN';
create index waitlist_offer_entry_idx on waitlist_offer(entry_id);

-- The seats of offers: PostgreSQL's own guard that no seat is in two open offers, whatever the
-- grid says.
create table waitlist_offer_seat (
  offer_id        uuid not null references waitlist_offer(id),
  performance_id  uuid not null,
  seat_id         text not null,
  open            boolean not null,
  primary key (offer_id, seat_id)
);
create unique index waitlist_offer_seat_open_idx on waitlist_offer_seat(performance_id, seat_id)
  where open;

-- Seats an organizer sent to the waiting list (a quota released, seats unblocked): they leave
-- their quota and are no longer blocked, on every node's plan and whenever the grid is rebuilt.
create table waitlist_release (
  performance_id  uuid not null references performance(id) on delete cascade,
  seat_id         text not null,
  released_at     timestamptz not null,
  primary key (performance_id, seat_id)
);

-- E-mails of the list: a guest's confirmation link, an offer. An e-mail is about an order, an
-- entry or an offer.
alter table mail_outbox
  alter column order_id drop not null,
  add column waitlist_entry_id uuid,
  add column waitlist_offer_id uuid,
  drop constraint mail_outbox_kind_check,
  add constraint mail_outbox_kind_check
    check (kind in ('ORDER_CONFIRMED', 'CONFIRM_EMAIL', 'WAITLIST_CONFIRM', 'WAITLIST_OFFER')),
  add constraint mail_outbox_subject_check
    check (num_nonnulls(order_id, waitlist_entry_id, waitlist_offer_id) = 1);
