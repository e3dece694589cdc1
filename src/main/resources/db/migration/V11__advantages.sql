-- Contacts, advantages (targeted prices), promo codes and single-use codes, and what orders use of
-- them. The functions that write orders (and take or give back uses, budgets and codes) are in
-- R__order_write.sql.

-- A contact of an organizer: a buyer's account is one (customer_id), the organizer also creates and
-- imports them. Targeting reads type, origin, country, postal code, language, opt-in and
-- indicators.
create table contact (
  id              uuid primary key,
  organizer_id    uuid not null references organizer(id),
  customer_id     uuid unique references customer(id),
  contact_number  bigint not null unique default nextval('contact_number_seq'),
  type            text not null check (type in ('INDIVIDUAL', 'ORGANISATION')),
  origin          text not null,
  email           text,
  first_name      text,
  last_name       text not null,
  country         char(2),
  postal_code     text,
  language        text,
  opt_in          boolean not null default false,
  created_at      timestamptz not null
);
create unique index contact_email_idx on contact(organizer_id, lower(email)) where email is not null;
create index contact_organizer_idx on contact(organizer_id, contact_number);

-- Every account is a contact (same id, same contact number).
insert into contact (id, organizer_id, customer_id, contact_number, type, origin, email,
                     first_name, last_name, opt_in, created_at)
select id, organizer_id, id, contact_number, 'INDIVIDUAL', 'WEB', email, first_name, last_name,
       false, created_at
  from customer;

-- An indicator (e.g. loyalty) and its levels, in order; a contact has at most one level of each.
create table indicator (
  organizer_id  uuid not null references organizer(id),
  code          text not null,
  name          text not null,
  levels        text[] not null,
  primary key (organizer_id, code)
);

create table contact_indicator (
  contact_id    uuid not null references contact(id) on delete cascade,
  organizer_id  uuid not null,
  code          text not null,
  level         text not null,
  primary key (contact_id, code),
  foreign key (organizer_id, code) references indicator(organizer_id, code)
);
create index contact_indicator_level_idx on contact_indicator(organizer_id, code, level);

-- Orders of an account or of a guest with a contact's e-mail count as that contact's history.
create index orders_buyer_email_idx on orders(organizer_id, lower(buyer_email));

-- An advantage: prices of its own on chosen performances, categories and tariffs, for one target.
-- uses counts the tickets sold at its prices by orders not cancelled or expired, never above the
-- quota (the conditional update of the order write, and this check behind it).
create table advantage (
  id                          uuid primary key,
  organizer_id                uuid not null references organizer(id),
  season                      text not null,
  family                      text not null check (family in ('EVENT')),
  code                        text not null,
  internal_name               text not null,
  public_name                 text not null,
  visual_url                  text,
  state                       text not null check (state in ('PREPARATION', 'OPERATION', 'SUSPENDED')),
  target                      text not null
    check (target in ('PUBLIC', 'CONTACTS', 'INDICATOR', 'PARTNER', 'SINGLE_USE_CODE')),
  indicator_code              text,
  indicator_level             text,
  check ((target = 'INDICATOR') = (indicator_code is not null and indicator_level is not null)),
  -- PARTNER: the shared access code, upper case
  access_code                 text,
  check ((target = 'PARTNER') = (access_code is not null)),
  -- null: every channel of the organizer
  channel_ids                 uuid[],
  valid_from                  timestamptz,
  valid_until                 timestamptz,
  check (valid_until is null or valid_from is null or valid_until > valid_from),
  -- PERFORMANCE_START: sold until the performance's start plus the tolerance (minutes, may be < 0)
  sale_end                    text not null check (sale_end in ('PERFORMANCE_START', 'NO_LIMIT')),
  sale_end_tolerance_minutes  integer not null default 0,
  quota                       integer check (quota > 0),
  uses                        integer not null default 0 check (uses >= 0 and (quota is null or uses <= quota)),
  -- tickets at its prices per order (SINGLE_USE_CODE: per code); null: no limit
  per_order_limit             integer check (per_order_limit > 0),
  created_at                  timestamptz not null,
  updated_at                  timestamptz not null,
  unique (organizer_id, code)
);
create unique index advantage_access_code_idx on advantage(organizer_id, access_code)
  where access_code is not null;

create table advantage_price (
  advantage_id    uuid not null references advantage(id) on delete cascade,
  performance_id  uuid not null references performance(id),
  category        text not null,
  tariff_id       uuid not null references tariff(id),
  amount          bigint not null check (amount >= 0),
  primary key (advantage_id, performance_id, category, tariff_id)
);
create index advantage_price_performance_idx on advantage_price(performance_id);

-- The contacts a CONTACTS advantage is for (the seed's "lier à l'avantage").
create table advantage_contact (
  advantage_id  uuid not null references advantage(id) on delete cascade,
  contact_id    uuid not null references contact(id) on delete cascade,
  linked_at     timestamptz not null,
  primary key (advantage_id, contact_id)
);
create index advantage_contact_contact_idx on advantage_contact(contact_id);

-- A cart-wide promo code (coupon). uses and spent (the discounts granted, minor units) count orders
-- not cancelled or expired and never pass max_uses and budget.
create table promo_code (
  id                      uuid primary key,
  organizer_id            uuid not null references organizer(id),
  code                    text not null,
  internal_name           text not null,
  public_name             text not null,
  state                   text not null check (state in ('PREPARATION', 'OPERATION', 'SUSPENDED')),
  kind                    text not null check (kind in ('PERCENT', 'AMOUNT')),
  -- PERCENT: basis points (300 = 3 %); AMOUNT: minor units
  percent_bp              integer check (percent_bp between 1 and 10000),
  amount                  bigint check (amount > 0),
  check ((kind = 'PERCENT') = (percent_bp is not null)),
  check ((kind = 'AMOUNT') = (amount is not null)),
  currency                char(3) not null,
  minimum_amount          bigint not null default 0 check (minimum_amount >= 0),
  indicator_code          text,
  indicator_level         text,
  check ((indicator_code is null) = (indicator_level is null)),
  valid_from              timestamptz,
  valid_until             timestamptz,
  channel_ids             uuid[],
  event_ids               uuid[],
  combinable              boolean not null,
  stacks_with_advantages  boolean not null,
  max_uses                integer check (max_uses > 0),
  uses                    integer not null default 0
    check (uses >= 0 and (max_uses is null or uses <= max_uses)),
  budget                  bigint check (budget > 0),
  spent                   bigint not null default 0
    check (spent >= 0 and (budget is null or spent <= budget)),
  created_at              timestamptz not null,
  updated_at              timestamptz not null,
  unique (organizer_id, code)
);

-- A batch of single-use codes for an organisation (a contact) and an advantage, generated in the
-- background (generated counts the codes written so far; a node that stops mid-way leaves its
-- lease to lapse and another node goes on).
create table code_batch (
  id                 uuid primary key,
  organizer_id       uuid not null references organizer(id),
  advantage_id       uuid not null references advantage(id),
  contact_id         uuid not null references contact(id),
  requested          integer not null check (requested between 1 and 1000000),
  generated          integer not null default 0 check (generated >= 0),
  destination_email  text not null,
  language           text not null,
  remark             text,
  state              text not null check (state in ('GENERATING', 'READY')),
  lease_until        timestamptz,
  created_at         timestamptz not null,
  finished_at        timestamptz
);
create index code_batch_generating_idx on code_batch(created_at) where state = 'GENERATING';
create index code_batch_advantage_idx on code_batch(advantage_id);

-- One single-use code. Only a keyed hash of it (HMAC-SHA256 under the server secret, 16 bytes) is
-- looked up, and the code itself is kept sealed (AES-GCM under a key derived from the server
-- secret) for the organizer's download: a copy of the database alone gives no usable code.
-- held_by_cart / held_until: the cart that presented it, until that cart's deadline (a lapsed hold
-- is free again without anything running); order_id: the order that used it.
create table single_use_code (
  batch_id         uuid not null references code_batch(id),
  seq              integer not null,
  advantage_id     uuid not null,
  code_hash        bytea not null,
  sealed           bytea not null,
  held_by_cart     uuid,
  held_until       timestamptz,
  order_id         uuid references orders(id),
  used_at          timestamptz,
  used_by_contact  uuid,
  invalidated_at   timestamptz,
  primary key (batch_id, seq)
);
create unique index single_use_code_hash_idx on single_use_code(code_hash);
create index single_use_code_order_idx on single_use_code(order_id) where order_id is not null;

-- What an order's lines cost before promo discounts (price), at list price, under which
-- advantage, and the promo discounts they carry.
alter table order_line
  add column list_price bigint,
  add column advantage_id uuid references advantage(id),
  add column discount bigint not null default 0;
alter table order_line add constraint order_line_discount_check
  check (discount >= 0 and discount <= price);

alter table orders add column discounts_total bigint not null default 0;
do $$
declare
  c text;
begin
  select conname into c from pg_constraint
   where conrelid = 'orders'::regclass and contype = 'c'
     and pg_get_constraintdef(oid) like '%total = (lines_total + fees_total)%';
  execute format('alter table orders drop constraint %I', c);
end $$;
alter table orders add constraint orders_total_check
  check (total = lines_total - discounts_total + fees_total
         and discounts_total >= 0 and discounts_total <= lines_total);

-- The promo codes an order used, with the discount each granted.
create table order_discount (
  order_id       uuid not null references orders(id),
  promo_code_id  uuid not null references promo_code(id),
  code           text not null,
  amount         bigint not null check (amount > 0),
  restored       boolean not null default false,
  primary key (order_id, promo_code_id)
);

-- The tickets an order took from each advantage's quota.
create table order_advantage (
  order_id      uuid not null references orders(id),
  advantage_id  uuid not null references advantage(id),
  tickets       integer not null check (tickets > 0),
  restored      boolean not null default false,
  primary key (order_id, advantage_id)
);
create index order_advantage_advantage_idx on order_advantage(advantage_id);

-- The e-mail that sends a batch's codes to its destination once generated.
alter table mail_outbox alter column order_id drop not null,
  add column batch_id uuid references code_batch(id);
do $$
declare
  c text;
begin
  select conname into c from pg_constraint
   where conrelid = 'mail_outbox'::regclass and contype = 'c'
     and pg_get_constraintdef(oid) like '%ORDER_CONFIRMED%';
  execute format('alter table mail_outbox drop constraint %I', c);
end $$;
alter table mail_outbox add constraint mail_outbox_kind_check
  check (kind in ('ORDER_CONFIRMED', 'CONFIRM_EMAIL', 'CODE_BATCH')
         and (kind = 'CODE_BATCH') = (batch_id is not null)
         and (kind = 'CODE_BATCH') = (order_id is null));
