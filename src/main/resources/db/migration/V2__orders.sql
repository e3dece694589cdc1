-- Buyers, orders, tickets, payments, gift vouchers, credit balances and the mail outbox.
--
-- Tables only: the functions that write orders (the order writer's commands) have one text each,
-- in the repeatable migration R__order_write.sql. Times in rows come from the commands, i.e. from
-- the server's injectable clock.

create sequence contact_number_seq start 100001;

create table customer (
  id              uuid primary key,
  organizer_id    uuid not null references organizer(id),
  contact_number  bigint not null unique default nextval('contact_number_seq'),
  email           text not null,
  first_name      text not null,
  last_name       text not null,
  -- PHC string: $argon2id$v=19$m=...,t=...,p=...$salt$hash
  password_hash   text not null,
  currency        char(3) not null,
  credit_balance  bigint not null default 0 check (credit_balance >= 0),
  created_at      timestamptz not null
);
create unique index customer_email_idx on customer(organizer_id, lower(email));

create table credit_movement (
  id           bigserial primary key,
  customer_id  uuid not null references customer(id),
  amount       bigint not null,
  order_id     uuid,
  reason       text not null,
  created_at   timestamptz not null
);
create index credit_movement_customer_idx on credit_movement(customer_id, id);

create table gift_voucher (
  code            text primary key,
  organizer_id    uuid not null references organizer(id),
  currency        char(3) not null,
  initial_amount  bigint not null check (initial_amount > 0),
  balance         bigint not null check (balance >= 0 and balance <= initial_amount),
  expires_at      timestamptz not null,
  created_at      timestamptz not null
);

create table orders (
  id                 uuid primary key,
  reference          text not null unique,
  -- one cart makes at most one order, whatever happens
  cart_id            uuid not null unique,
  idempotency_key    text not null,
  request_hash       bytea not null,
  organizer_id       uuid not null references organizer(id),
  pos_id             uuid not null references point_of_sale(id),
  channel_id         uuid not null references sales_channel(id),
  customer_id        uuid references customer(id),
  buyer_email        text not null,
  buyer_first_name   text not null,
  buyer_last_name    text not null,
  status             text not null
    check (status in ('PENDING_PAYMENT', 'RESERVED', 'PAID', 'CANCELLED', 'EXPIRED')),
  -- a guest order waits for the link of the confirmation e-mail before anything else
  awaiting_email     boolean not null,
  -- what happens once the e-mail is confirmed: CARD (pay the rest by card), NONE (nothing left
  -- to pay: PAID), RESERVE (above the payment ceiling: RESERVED)
  settle             text not null check (settle in ('CARD', 'NONE', 'RESERVE')),
  currency           char(3) not null,
  delivery_mode      text not null,
  lines_total        bigint not null check (lines_total >= 0),
  delivery_fee       bigint not null check (delivery_fee >= 0),
  ticket_fees        bigint not null check (ticket_fees >= 0),
  fees_total         bigint not null check (fees_total >= 0),
  total              bigint not null check (total = lines_total + fees_total),
  paid_by_vouchers   bigint not null check (paid_by_vouchers >= 0),
  paid_by_credit     bigint not null check (paid_by_credit >= 0),
  card_amount        bigint not null check (card_amount >= 0),
  check (settle = 'RESERVE' or paid_by_vouchers + paid_by_credit + card_amount = total),
  -- while PENDING_PAYMENT: the deadline of the payment (the holds are kept until then)
  expires_at         timestamptz not null,
  created_at         timestamptz not null,
  updated_at         timestamptz not null,
  paid_at            timestamptz,
  closed_at          timestamptz
);
create index orders_pending_idx on orders(expires_at) where status = 'PENDING_PAYMENT';
create index orders_customer_idx on orders(customer_id, created_at) where customer_id is not null;

create table order_line (
  order_id        uuid not null references orders(id),
  line_no         integer not null,
  performance_id  uuid not null references performance(id),
  item_id         uuid not null,
  hold_id         bigint not null,
  -- a numbered seat, or a place in a standing area (its index in the performance's plan)
  seat_id         text,
  ga_area         integer,
  ga_capacity     integer,
  check ((seat_id is null) <> (ga_area is null)),
  category        text not null,
  tariff_id       uuid not null references tariff(id),
  price           bigint not null check (price >= 0),
  -- NO_MAP: the buyer learns the seat from the ticket only
  seat_hidden     boolean not null,
  primary key (order_id, line_no)
);
create index order_line_performance_idx on order_line(performance_id);

create table ticket (
  id              uuid primary key,
  order_id        uuid not null references orders(id),
  line_no         integer not null,
  performance_id  uuid not null references performance(id),
  seat_id         text,
  ga_area         integer,
  status          text not null check (status in ('LIVE', 'CANCELLED')),
  version         integer not null default 1,
  created_at      timestamptz not null,
  unique (order_id, line_no)
);
-- The last line of defence: even if the grid were wrong, a seat has at most one live ticket.
create unique index ticket_one_live_seat_idx on ticket(performance_id, seat_id)
  where status = 'LIVE' and seat_id is not null;

-- Standing places sold per area, never above its capacity (the same guard for unnumbered places).
create table ga_sales (
  performance_id  uuid not null references performance(id),
  area            integer not null,
  capacity        integer not null,
  sold            integer not null check (sold >= 0 and sold <= capacity),
  primary key (performance_id, area)
);

create table voucher_use (
  order_id  uuid not null references orders(id),
  code      text not null references gift_voucher(code),
  amount    bigint not null check (amount > 0),
  restored  boolean not null default false,
  primary key (order_id, code)
);

create table payment (
  id               uuid primary key,
  order_id         uuid not null references orders(id),
  provider         text not null,
  -- the reference sent to the provider (Ogone ORDERID): the order's reference and an attempt number
  attempt_ref      text not null unique,
  amount           bigint not null check (amount > 0),
  currency         char(3) not null,
  status           text not null check (status in
    ('INITIATED', 'ACCEPTED', 'DECLINED', 'CANCELLED', 'REFUND_DUE', 'REFUNDED')),
  pay_id           text,
  provider_status  text,
  refund_attempts  integer not null default 0,
  -- a node calling the provider for the refund holds this lease, so no two nodes refund twice
  refund_lease_until timestamptz,
  created_at       timestamptz not null,
  updated_at       timestamptz not null
);
create unique index payment_pay_id_idx on payment(provider, pay_id) where pay_id is not null;
create index payment_order_idx on payment(order_id);
create index payment_refund_due_idx on payment(updated_at) where status = 'REFUND_DUE';

-- E-mails to send, written in the same transaction as what they announce (at least once).
create table mail_outbox (
  id               bigserial primary key,
  kind             text not null check (kind in ('ORDER_CONFIRMED', 'CONFIRM_EMAIL')),
  order_id         uuid not null references orders(id),
  created_at       timestamptz not null,
  next_attempt_at  timestamptz not null,
  attempts         integer not null default 0,
  sent_at          timestamptz,
  last_error       text
);
create index mail_outbox_due_idx on mail_outbox(next_attempt_at) where sent_at is null;
