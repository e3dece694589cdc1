-- Catalogue: organizers, venues, seat maps, events, performances, prices, channels, points of sale,
-- quotas, on-sale windows and the showcase. Money is bigint minor units; the currency is the
-- organizer's (ISO 4217), copied onto each performance so a price never changes currency.

create table organizer (
  id          uuid primary key,
  name        text not null,
  currency    char(3) not null,
  created_at  timestamptz not null
);

create table tariff (
  id            uuid primary key,
  organizer_id  uuid not null references organizer(id),
  code          text not null,
  name          text not null,
  -- null: offered on every channel; otherwise only on these channels
  channel_ids   uuid[],
  unique (organizer_id, code)
);

create table venue (
  id            uuid primary key,
  organizer_id  uuid not null references organizer(id),
  name          text not null,
  address       text,
  city          text,
  created_at    timestamptz not null
);

create table seat_map (
  id          uuid primary key,
  venue_id    uuid not null references venue(id),
  name        text not null,
  capacity    integer not null check (capacity >= 0),
  -- the imported document without its seats (categories, sections): seats live in seat
  layout      jsonb not null,
  created_at  timestamptz not null
);

create table seat (
  seat_map_id  uuid not null references seat_map(id) on delete cascade,
  id           text not null,
  ordinal      integer not null,
  section      text not null,
  row_label    text not null,
  pos          integer not null,
  label        text not null,
  x            double precision not null,
  y            double precision not null,
  rank         integer not null,
  category     text not null,
  blocked      boolean not null default false,
  primary key (seat_map_id, id),
  unique (seat_map_id, ordinal)
);

create table event (
  id            uuid primary key,
  organizer_id  uuid not null references organizer(id),
  name          text not null,
  description   text,
  season        text,
  created_at    timestamptz not null
);

create table performance (
  id           uuid primary key,
  event_id     uuid not null references event(id),
  seat_map_id  uuid not null references seat_map(id),
  starts_at    timestamptz not null,
  currency     char(3) not null,
  created_at   timestamptz not null
);
create index performance_event_idx on performance(event_id, starts_at);

create table performance_price (
  performance_id  uuid not null references performance(id) on delete cascade,
  category        text not null,
  tariff_id       uuid not null references tariff(id),
  amount          bigint not null check (amount >= 0),
  primary key (performance_id, category, tariff_id)
);

create table sales_channel (
  id                      uuid primary key,
  organizer_id            uuid not null references organizer(id),
  name                    text not null,
  type                    text not null check (type in ('PUBLIC', 'COMPANY', 'AGENCY', 'PRODUCER')),
  seat_search_mode        text not null
    check (seat_search_mode in ('PICK_ON_MAP', 'BEST_AVAILABLE_VIEW', 'BEST_AVAILABLE_EDITABLE', 'NO_MAP')),
  hold_timeout_seconds    integer not null check (hold_timeout_seconds > 0),
  isolated_seat_trigger   integer not null check (isolated_seat_trigger >= 0),
  always_allow_isolated   boolean not null,
  allow_split             boolean not null,
  max_per_performance     integer not null check (max_per_performance > 0),
  per_ticket_fee          bigint not null check (per_ticket_fee >= 0),
  fee_cap                 bigint check (fee_cap >= 0),
  payment_ceiling         bigint check (payment_ceiling >= 0),
  sender_email            text,
  option_deadline         timestamptz,
  -- [{"mode": "E_TICKET", "fee": 0}, ...]
  delivery_modes          jsonb not null,
  created_at              timestamptz not null
);

create table point_of_sale (
  id                        uuid primary key,
  channel_id                uuid not null references sales_channel(id),
  code                      text not null unique,
  name                      text not null,
  url                       text,
  languages                 text[] not null,
  restricted_organisations  text[] not null,
  restricted_contacts       text[] not null,
  -- shop switches (guest checkout, login at start, disable ticket download, ...)
  settings                  jsonb not null,
  created_at                timestamptz not null
);

create table quota (
  id              uuid primary key,
  performance_id  uuid not null references performance(id) on delete cascade,
  name            text not null,
  channel_ids     uuid[] not null,
  seat_ids        text[],
  category        text,
  seat_count      integer check (seat_count > 0),
  check ((seat_ids is null) <> (seat_count is null)),
  check ((seat_count is null) = (category is null))
);
create index quota_performance_idx on quota(performance_id);

create table on_sale_window (
  id              uuid primary key,
  performance_id  uuid not null references performance(id) on delete cascade,
  channel_id      uuid not null references sales_channel(id),
  opens_at        timestamptz not null,
  closes_at       timestamptz not null,
  check (closes_at > opens_at),
  unique (performance_id, channel_id)
);
create index on_sale_window_channel_idx on on_sale_window(channel_id, closes_at);

create table showcase_item (
  point_of_sale_id  uuid not null references point_of_sale(id) on delete cascade,
  event_id          uuid not null references event(id),
  rank              integer not null,
  primary key (point_of_sale_id, event_id)
);
