-- Buyers, orders, tickets, payments, gift vouchers, credit balances and the mail outbox.
--
-- Every write of the order path goes through guichet_order_write(cmd jsonb): the order writer
-- sends many of them in one transaction (a group commit). Each command runs in its own
-- PL/pgSQL exception block, i.e. its own subtransaction: a command that breaks a rule (a seat
-- sold since, a spent voucher) is rolled back alone and answers why, the others commit.
-- Times come from the command ("now"), i.e. from the server's injectable clock.

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

-- ---------------------------------------------------------------------------------------------
-- Write commands

create function guichet_issue_tickets(oid uuid, now_ts timestamptz) returns void
language plpgsql as $$
begin
  insert into ticket(id, order_id, line_no, performance_id, seat_id, ga_area, status, created_at)
  select gen_random_uuid(), order_id, line_no, performance_id, seat_id, ga_area, 'LIVE', now_ts
    from order_line where order_id = oid;
  if found and exists (select 1 from order_line where order_id = oid and ga_area is not null) then
    insert into ga_sales as g (performance_id, area, capacity, sold)
    select performance_id, ga_area, max(ga_capacity), count(*)
      from order_line where order_id = oid and ga_area is not null
     group by performance_id, ga_area
    on conflict (performance_id, area) do update set sold = g.sold + excluded.sold;
  end if;
end $$;

-- Gives back what an order took from vouchers and from the buyer's credit.
create function guichet_restore_means(oid uuid, now_ts timestamptz) returns void
language plpgsql as $$
declare
  o orders%rowtype;
begin
  select * into o from orders where id = oid;
  update gift_voucher v set balance = v.balance + u.amount
    from voucher_use u where u.order_id = oid and u.code = v.code and not u.restored;
  update voucher_use set restored = true where order_id = oid;
  if o.paid_by_credit > 0 then
    update customer set credit_balance = credit_balance + o.paid_by_credit where id = o.customer_id;
    insert into credit_movement(customer_id, amount, order_id, reason, created_at)
    values (o.customer_id, o.paid_by_credit, oid, 'order ' || o.reference || ' ' || lower(o.status), now_ts);
  end if;
end $$;

create function guichet_close_order(oid uuid, new_status text, now_ts timestamptz) returns void
language plpgsql as $$
begin
  update ticket set status = 'CANCELLED' where order_id = oid and status = 'LIVE';
  update ga_sales g set sold = g.sold - l.n
    from (select performance_id, ga_area, count(*) n from order_line
           where order_id = oid and ga_area is not null group by performance_id, ga_area) l
   where g.performance_id = l.performance_id and g.area = l.ga_area
     and exists (select 1 from orders where id = oid and status in ('RESERVED', 'PAID'));
  update orders set status = new_status, updated_at = now_ts, closed_at = now_ts where id = oid;
  perform guichet_restore_means(oid, now_ts);
end $$;

create function guichet_order_create(cmd jsonb) returns jsonb
language plpgsql as $$
declare
  o       jsonb := cmd->'order';
  oid     uuid := (o->>'id')::uuid;
  now_ts  timestamptz := (cmd->>'now')::timestamptz;
  v       jsonb;
  n       integer;
  credit  bigint := (o->>'paid_by_credit')::bigint;
  c       text;
  msg     text;
begin
  begin
    insert into orders(id, reference, cart_id, idempotency_key, request_hash, organizer_id, pos_id,
      channel_id, customer_id, buyer_email, buyer_first_name, buyer_last_name, status,
      awaiting_email, settle, currency, delivery_mode, lines_total, delivery_fee, ticket_fees,
      fees_total, total, paid_by_vouchers, paid_by_credit, card_amount, expires_at, created_at,
      updated_at, paid_at)
    values (oid, o->>'reference', (o->>'cart_id')::uuid, o->>'idempotency_key',
      decode(o->>'request_hash', 'hex'), (o->>'organizer_id')::uuid, (o->>'pos_id')::uuid,
      (o->>'channel_id')::uuid, (o->>'customer_id')::uuid, o->>'buyer_email',
      o->>'buyer_first_name', o->>'buyer_last_name', o->>'status',
      (o->>'awaiting_email')::boolean, o->>'settle', o->>'currency', o->>'delivery_mode',
      (o->>'lines_total')::bigint, (o->>'delivery_fee')::bigint, (o->>'ticket_fees')::bigint,
      (o->>'fees_total')::bigint, (o->>'total')::bigint, (o->>'paid_by_vouchers')::bigint,
      credit, (o->>'card_amount')::bigint, (o->>'expires_at')::timestamptz, now_ts, now_ts,
      case when o->>'status' = 'PAID' then now_ts end);

    insert into order_line(order_id, line_no, performance_id, item_id, hold_id, seat_id, ga_area,
      ga_capacity, category, tariff_id, price, seat_hidden)
    select oid, l.line_no, l.performance_id, l.item_id, l.hold_id, l.seat_id, l.ga_area,
           l.ga_capacity, l.category, l.tariff_id, l.price, coalesce(l.seat_hidden, false)
      from jsonb_to_recordset(cmd->'lines') as l(line_no integer, performance_id uuid,
           item_id uuid, hold_id bigint, seat_id text, ga_area integer, ga_capacity integer,
           category text, tariff_id uuid, price bigint, seat_hidden boolean);

    if cmd ? 'payment' then
      insert into payment(id, order_id, provider, attempt_ref, amount, currency, status,
                          created_at, updated_at)
      values ((cmd->'payment'->>'id')::uuid, oid, cmd->'payment'->>'provider',
              cmd->'payment'->>'attemptRef', (cmd->'payment'->>'amount')::bigint,
              o->>'currency', 'INITIATED', now_ts, now_ts);
    end if;

    for v in select * from jsonb_array_elements(coalesce(cmd->'vouchers', '[]'::jsonb)) loop
      update gift_voucher set balance = balance - (v->>'amount')::bigint
       where code = v->>'code' and organizer_id = (o->>'organizer_id')::uuid
         and currency = o->>'currency' and balance >= (v->>'amount')::bigint
         and expires_at > now_ts;
      get diagnostics n = row_count;
      if n = 0 then
        raise exception using errcode = 'GV001', message = v->>'code';
      end if;
      insert into voucher_use(order_id, code, amount) values (oid, v->>'code', (v->>'amount')::bigint);
    end loop;

    if credit > 0 then
      update customer set credit_balance = credit_balance - credit
       where id = (o->>'customer_id')::uuid and credit_balance >= credit;
      get diagnostics n = row_count;
      if n = 0 then
        raise exception using errcode = 'GV002', message = 'credit';
      end if;
      insert into credit_movement(customer_id, amount, order_id, reason, created_at)
      values ((o->>'customer_id')::uuid, -credit, oid, 'order ' || (o->>'reference'), now_ts);
    end if;

    if o->>'status' in ('PAID', 'RESERVED') then
      perform guichet_issue_tickets(oid, now_ts);
      insert into mail_outbox(kind, order_id, created_at, next_attempt_at)
      values ('ORDER_CONFIRMED', oid, now_ts, now_ts);
    elsif (o->>'awaiting_email')::boolean then
      insert into mail_outbox(kind, order_id, created_at, next_attempt_at)
      values ('CONFIRM_EMAIL', oid, now_ts, now_ts);
    end if;
    return jsonb_build_object('result', 'OK', 'status', o->>'status');
  exception
    when unique_violation then
      get stacked diagnostics c = constraint_name, msg = pg_exception_detail;
      if c = 'orders_cart_id_key' then
        return jsonb_build_object('result', 'DUPLICATE',
          'orderId', (select id from orders where cart_id = (o->>'cart_id')::uuid));
      end if;
      return jsonb_build_object('result', 'CONFLICT', 'detail', msg);
    when check_violation then
      get stacked diagnostics c = constraint_name, msg = message_text;
      if c like 'ga_sales%' then
        return jsonb_build_object('result', 'CONFLICT', 'detail', 'standing area full');
      end if;
      raise;
    when sqlstate 'GV001' then
      get stacked diagnostics msg = message_text;
      return jsonb_build_object('result', 'VOUCHER', 'code', msg);
    when sqlstate 'GV002' then
      return jsonb_build_object('result', 'CREDIT');
  end;
end $$;

-- A payment attempt is opened on an order that can be paid now.
create function guichet_payment_start(cmd jsonb) returns jsonb
language plpgsql as $$
declare
  o       orders%rowtype;
  now_ts  timestamptz := (cmd->>'now')::timestamptz;
  due     bigint;
begin
  select * into o from orders where id = (cmd->>'orderId')::uuid for update;
  if not found then
    return jsonb_build_object('result', 'UNKNOWN');
  end if;
  if o.status = 'PENDING_PAYMENT' and not o.awaiting_email and o.settle = 'CARD'
     and o.expires_at > now_ts then
    due := o.card_amount;
  elsif o.status = 'RESERVED' then
    due := o.total - o.paid_by_vouchers - o.paid_by_credit;
  else
    return jsonb_build_object('result', 'NOT_PAYABLE', 'status', o.status);
  end if;
  if due <= 0 then
    return jsonb_build_object('result', 'NOT_PAYABLE', 'status', o.status);
  end if;
  insert into payment(id, order_id, provider, attempt_ref, amount, currency, status, created_at,
                      updated_at)
  values ((cmd->>'paymentId')::uuid, o.id, cmd->>'provider',
          o.reference || '-' || ((select count(*) from payment where order_id = o.id) + 1),
          due, o.currency, 'INITIATED', now_ts, now_ts);
  return jsonb_build_object('result', 'OK', 'amount', due, 'currency', o.currency,
    'attemptRef', (select attempt_ref from payment where id = (cmd->>'paymentId')::uuid));
end $$;

-- The provider says the money was taken. The order is paid if it still can be; otherwise the
-- payment is recorded as due for refund and the order is never turned into tickets.
create function guichet_order_pay(cmd jsonb) returns jsonb
language plpgsql as $$
declare
  p       payment%rowtype;
  o       orders%rowtype;
  now_ts  timestamptz := (cmd->>'now')::timestamptz;
  reason  text;
begin
  select * into p from payment where attempt_ref = cmd->>'attemptRef' and provider = cmd->>'provider'
     for update;
  if not found then
    return jsonb_build_object('result', 'UNKNOWN');
  end if;
  if p.status not in ('INITIATED', 'DECLINED', 'CANCELLED') then
    -- already accepted (or refused as too late): the same feedback again changes nothing
    return jsonb_build_object('result', 'REPLAY', 'orderId', p.order_id, 'payStatus', p.status);
  end if;
  if p.amount <> (cmd->>'amount')::bigint or p.currency <> cmd->>'currency' then
    return jsonb_build_object('result', 'AMOUNT_MISMATCH', 'orderId', p.order_id);
  end if;
  select * into o from orders where id = p.order_id for update;
  if o.status = 'PENDING_PAYMENT' and o.expires_at > now_ts and not o.awaiting_email then
    begin
      perform guichet_issue_tickets(o.id, now_ts);
      update orders set status = 'PAID', paid_at = now_ts, updated_at = now_ts where id = o.id;
      update payment set status = 'ACCEPTED', pay_id = cmd->>'payId',
             provider_status = cmd->>'providerStatus', updated_at = now_ts where id = p.id;
      insert into mail_outbox(kind, order_id, created_at, next_attempt_at)
      values ('ORDER_CONFIRMED', o.id, now_ts, now_ts);
      return jsonb_build_object('result', 'PAID', 'orderId', o.id);
    exception
      when unique_violation or check_violation then
        reason := 'seats sold since';
    end;
  elsif o.status = 'RESERVED' then
    update orders set status = 'PAID', paid_at = now_ts, updated_at = now_ts where id = o.id;
    update payment set status = 'ACCEPTED', pay_id = cmd->>'payId',
           provider_status = cmd->>'providerStatus', updated_at = now_ts where id = p.id;
    insert into mail_outbox(kind, order_id, created_at, next_attempt_at)
    values ('ORDER_CONFIRMED', o.id, now_ts, now_ts);
    return jsonb_build_object('result', 'PAID', 'orderId', o.id);
  else
    reason := 'order ' || lower(o.status);
  end if;
  if o.status = 'PENDING_PAYMENT' then
    -- too late (or its seats are gone): the order expires and gives back vouchers and credit
    perform guichet_close_order(o.id, 'EXPIRED', now_ts);
  end if;
  update payment set status = 'REFUND_DUE', pay_id = cmd->>'payId',
         provider_status = cmd->>'providerStatus', updated_at = now_ts where id = p.id;
  return jsonb_build_object('result', 'REFUND', 'orderId', o.id, 'reason', reason,
    'paymentId', p.id, 'orderStatus', (select status from orders where id = o.id));
end $$;

-- The provider says the attempt failed (declined) or the buyer gave up (cancelled).
create function guichet_payment_failed(cmd jsonb) returns jsonb
language plpgsql as $$
declare
  p payment%rowtype;
begin
  select * into p from payment where attempt_ref = cmd->>'attemptRef' and provider = cmd->>'provider'
     for update;
  if not found then
    return jsonb_build_object('result', 'UNKNOWN');
  end if;
  if p.status not in ('INITIATED', 'DECLINED', 'CANCELLED')
     or (p.status <> 'INITIATED' and p.pay_id is not distinct from nullif(cmd->>'payId', '')) then
    return jsonb_build_object('result', 'REPLAY', 'orderId', p.order_id, 'payStatus', p.status);
  end if;
  update payment set status = cmd->>'status', pay_id = nullif(cmd->>'payId', ''),
         provider_status = cmd->>'providerStatus', updated_at = (cmd->>'now')::timestamptz
   where id = p.id;
  return jsonb_build_object('result', 'OK', 'orderId', p.order_id);
end $$;

create function guichet_order_expire(cmd jsonb) returns jsonb
language plpgsql as $$
declare
  o       orders%rowtype;
  now_ts  timestamptz := (cmd->>'now')::timestamptz;
begin
  select * into o from orders where id = (cmd->>'orderId')::uuid for update;
  if not found or o.status <> 'PENDING_PAYMENT' or o.expires_at > now_ts then
    return jsonb_build_object('result', 'UNCHANGED', 'status', o.status);
  end if;
  perform guichet_close_order(o.id, 'EXPIRED', now_ts);
  return jsonb_build_object('result', 'EXPIRED');
end $$;

create function guichet_order_cancel(cmd jsonb) returns jsonb
language plpgsql as $$
declare
  o       orders%rowtype;
  now_ts  timestamptz := (cmd->>'now')::timestamptz;
begin
  select * into o from orders where id = (cmd->>'orderId')::uuid for update;
  if not found then
    return jsonb_build_object('result', 'UNKNOWN');
  end if;
  if o.status not in ('PENDING_PAYMENT', 'RESERVED') then
    return jsonb_build_object('result', 'NOT_CANCELLABLE', 'status', o.status);
  end if;
  perform guichet_close_order(o.id, 'CANCELLED', now_ts);
  return jsonb_build_object('result', 'CANCELLED', 'was', o.status);
end $$;

-- The guest clicked the link of the confirmation e-mail: the order goes on.
create function guichet_order_confirm_email(cmd jsonb) returns jsonb
language plpgsql as $$
declare
  o       orders%rowtype;
  now_ts  timestamptz := (cmd->>'now')::timestamptz;
  next    text;
begin
  select * into o from orders where id = (cmd->>'orderId')::uuid for update;
  if not found then
    return jsonb_build_object('result', 'UNKNOWN');
  end if;
  if o.status <> 'PENDING_PAYMENT' or not o.awaiting_email then
    return jsonb_build_object('result', 'UNCHANGED', 'status', o.status);
  end if;
  if o.expires_at <= now_ts then
    perform guichet_close_order(o.id, 'EXPIRED', now_ts);
    return jsonb_build_object('result', 'EXPIRED');
  end if;
  next := case o.settle when 'NONE' then 'PAID' when 'RESERVE' then 'RESERVED' else 'PENDING_PAYMENT' end;
  begin
    if next <> 'PENDING_PAYMENT' then
      perform guichet_issue_tickets(o.id, now_ts);
      insert into mail_outbox(kind, order_id, created_at, next_attempt_at)
      values ('ORDER_CONFIRMED', o.id, now_ts, now_ts);
    end if;
    update orders set awaiting_email = false, status = next, updated_at = now_ts,
           paid_at = case when next = 'PAID' then now_ts end
     where id = o.id;
    return jsonb_build_object('result', 'OK', 'status', next);
  exception
    when unique_violation or check_violation then
      null;
  end;
  perform guichet_close_order(o.id, 'EXPIRED', now_ts);
  return jsonb_build_object('result', 'CONFLICT');
end $$;

create function guichet_payment_refunded(cmd jsonb) returns jsonb
language plpgsql as $$
begin
  update payment set status = case when (cmd->>'ok')::boolean then 'REFUNDED' else status end,
         refund_attempts = refund_attempts + 1, updated_at = (cmd->>'now')::timestamptz
   where id = (cmd->>'paymentId')::uuid and status = 'REFUND_DUE';
  return jsonb_build_object('result', 'OK');
end $$;

-- The one entry point of the order writer.
create function guichet_order_write(cmd jsonb) returns jsonb
language plpgsql as $$
begin
  case cmd->>'kind'
    when 'create' then return guichet_order_create(cmd);
    when 'payment-start' then return guichet_payment_start(cmd);
    when 'pay' then return guichet_order_pay(cmd);
    when 'payment-failed' then return guichet_payment_failed(cmd);
    when 'expire' then return guichet_order_expire(cmd);
    when 'cancel' then return guichet_order_cancel(cmd);
    when 'confirm-email' then return guichet_order_confirm_email(cmd);
    when 'refunded' then return guichet_payment_refunded(cmd);
    else raise exception 'unknown order command %', cmd->>'kind';
  end case;
end $$;

