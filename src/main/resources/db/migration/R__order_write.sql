-- The order writer's commands: every write of the order path, one text per function (Flyway
-- re-applies this file whenever it changes; the tables are in the versioned migrations).
--
-- The Java side speaks to these functions through io.guichet.orders.OrderProtocol only: a command
-- is a JSON object with a "kind", its answer a JSON object with a "result"; both are encoded and
-- decoded there, in one place, as sealed types. A new result here is a new outcome there.
--
-- guichet_order_write_batch(cmds) is a group commit: one statement, one transaction, one answer per
-- command. New orders without gift voucher, credit or offers (nearly all of an on-sale) are written
-- set-based, one INSERT per table for all of them, in one exception block; if any of it breaks a
-- rule (a seat sold since, a standing area full, a cart ordered twice) it is rolled back as a whole
-- and those orders go one by one through guichet_order_write like every other command, each in its
-- own exception block (a subtransaction), so the one at fault answers why and the others commit.
--
-- Each table is written by one function (one insert list): orders and order_line by
-- guichet_create_orders, ticket and ga_sales by guichet_issue_tickets, payment by
-- guichet_insert_payments, mail_outbox by guichet_enqueue_mails. Times come from the commands
-- ("now"), i.e. from the server's injectable clock.

-- Signatures of earlier releases, replaced by the set-based ones below.
drop function if exists guichet_issue_tickets(uuid, timestamptz);
drop function if exists guichet_create_plain_orders(jsonb, integer[]);

-- Time-ordered ids (UUID version 7: 48 bits of milliseconds, 74 random bits), as order ids are
-- (made in Java the same way): a new id sorts after the existing ones, so inserting it into a
-- primary key (and into the keys of order_line and ticket, which start with the order id) lands
-- on the index's rightmost page instead of a random one.
create or replace function guichet_uuid7(ts timestamptz) returns uuid
language sql volatile parallel safe as $$
  select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
           placing substring(int8send(floor(extract(epoch from ts) * 1000)::bigint) from 3)
           from 1 for 6), 52, 1), 53, 1), 'hex')::uuid
$$;

-- Tickets for the orders that become PAID or RESERVED, one per order line, and their standing
-- places counted in ga_sales (never above the area's capacity: its check constraint).
-- at[i]: when order oids[i] was ticketed.
create or replace function guichet_issue_tickets(oids uuid[], at timestamptz[]) returns void
language sql as $$
  with l as (
    select ol.order_id, ol.line_no, ol.performance_id, ol.seat_id, ol.ga_area, ol.ga_capacity,
           ol.beneficiary_first_name, ol.beneficiary_last_name, i.ts
      from unnest(oids, at) as i(oid, ts)
      join order_line ol on ol.order_id = i.oid
  ), standing as (
    insert into ga_sales as g (performance_id, area, capacity, sold)
    select performance_id, ga_area, max(ga_capacity), count(*)
      from l where ga_area is not null
     group by performance_id, ga_area
    on conflict (performance_id, area) do update set sold = g.sold + excluded.sold
  )
  insert into ticket(id, order_id, line_no, performance_id, seat_id, ga_area, status, created_at,
                     updated_at, beneficiary_first_name, beneficiary_last_name)
  select guichet_uuid7(ts), order_id, line_no, performance_id, seat_id, ga_area, 'LIVE', ts, ts,
         beneficiary_first_name, beneficiary_last_name
    from l
$$;

-- Payment attempts, INITIATED.
create or replace function guichet_insert_payments(ids uuid[], oids uuid[], providers text[],
    refs text[], amounts bigint[], currencies text[], at timestamptz[]) returns void
language sql as $$
  insert into payment(id, order_id, provider, attempt_ref, amount, currency, status, created_at,
                      updated_at)
  select p.id, p.oid, p.provider, p.ref, p.amount, p.currency, 'INITIATED', p.ts, p.ts
    from unnest(ids, oids, providers, refs, amounts, currencies, at)
         as p(id, oid, provider, ref, amount, currency, ts)
$$;

-- E-mails to send, in the same transaction as what they announce (at least once).
create or replace function guichet_enqueue_mails(kinds text[], oids uuid[], at timestamptz[])
returns void
language sql as $$
  insert into mail_outbox(kind, order_id, created_at, next_attempt_at)
  select m.kind, m.oid, m.ts, m.ts from unnest(kinds, oids, at) as m(kind, oid, ts)
$$;

-- New orders: their rows, lines, first payment attempts, tickets (when PAID or RESERVED from the
-- start) and e-mails. idx: the 1-based positions in cmds of the 'create' commands to write. Raises
-- on any broken rule (the callers decide what that means); vouchers and credit are not its business.
create or replace function guichet_create_orders(cmds jsonb, idx integer[]) returns void
language plpgsql as $$
declare
  issued_ids  uuid[];
  issued_at   timestamptz[];
  mail_kinds  text[];
  mail_ids    uuid[];
  mail_at     timestamptz[];
  pay_ids     uuid[];
  pay_oids    uuid[];
  pay_prov    text[];
  pay_refs    text[];
  pay_amounts bigint[];
  pay_cur     text[];
  pay_at      timestamptz[];
begin
  insert into orders(id, reference, cart_id, idempotency_key, request_hash, cart_secret_hash,
    organizer_id, pos_id, channel_id, customer_id, buyer_email, buyer_first_name, buyer_last_name,
    status, awaiting_email, settle, currency, delivery_mode, lines_total, delivery_fee, ticket_fees,
    fees_total, total, paid_by_vouchers, paid_by_credit, card_amount, expires_at, created_at,
    updated_at, paid_at, discounts_total)
  select o.id, o.reference, o.cart_id, o.idempotency_key, decode(o.request_hash, 'hex'),
         decode(o.cart_secret_hash, 'hex'), o.organizer_id, o.pos_id, o.channel_id, o.customer_id,
         o.buyer_email, o.buyer_first_name, o.buyer_last_name, o.status, o.awaiting_email,
         o.settle, o.currency, o.delivery_mode, o.lines_total, o.delivery_fee, o.ticket_fees,
         o.fees_total, o.total, o.paid_by_vouchers, o.paid_by_credit, o.card_amount, o.expires_at,
         c.now_ts, c.now_ts, case when o.status = 'PAID' then c.now_ts end,
         coalesce(o.discounts_total, 0)
    from unnest(idx) as k(i)
    cross join lateral (select (cmds->(k.i - 1)->>'now')::timestamptz as now_ts,
                               cmds->(k.i - 1)->'order' as o) as c
    cross join lateral jsonb_to_record(c.o) as o(id uuid, reference text, cart_id uuid,
      idempotency_key text, request_hash text, cart_secret_hash text, organizer_id uuid,
      pos_id uuid, channel_id uuid, customer_id uuid, buyer_email text, buyer_first_name text,
      buyer_last_name text, status text, awaiting_email boolean, settle text, currency text,
      delivery_mode text, lines_total bigint, delivery_fee bigint, ticket_fees bigint,
      fees_total bigint, total bigint, paid_by_vouchers bigint, paid_by_credit bigint,
      card_amount bigint, expires_at timestamptz, discounts_total bigint);

  insert into order_line(order_id, line_no, performance_id, item_id, hold_id, seat_id, ga_area,
    ga_capacity, category, tariff_id, price, seat_hidden, beneficiary_first_name,
    beneficiary_last_name, list_price, advantage_id, discount)
  select (c.cmd->'order'->>'id')::uuid, x.line_no, x.performance_id, x.item_id, x.hold_id,
         x.seat_id, x.ga_area, x.ga_capacity, x.category, x.tariff_id, x.price,
         coalesce(x.seat_hidden, false), x.beneficiary_first_name, x.beneficiary_last_name,
         coalesce(x.list_price, x.price), x.advantage_id, coalesce(x.discount, 0)
    from unnest(idx) as k(i)
    cross join lateral (select cmds->(k.i - 1) as cmd) as c
    cross join lateral jsonb_to_recordset(c.cmd->'lines') as x(line_no integer,
      performance_id uuid, item_id uuid, hold_id bigint, seat_id text, ga_area integer,
      ga_capacity integer, category text, tariff_id uuid, price bigint, seat_hidden boolean,
      beneficiary_first_name text, beneficiary_last_name text, list_price bigint,
      advantage_id uuid, discount bigint);

  select array_agg((c.o->>'id')::uuid) filter (where c.issued),
         array_agg(c.now_ts) filter (where c.issued),
         array_agg(case when c.issued then 'ORDER_CONFIRMED' else 'CONFIRM_EMAIL' end)
           filter (where c.issued or c.awaiting),
         array_agg((c.o->>'id')::uuid) filter (where c.issued or c.awaiting),
         array_agg(c.now_ts) filter (where c.issued or c.awaiting),
         array_agg((c.p->>'id')::uuid) filter (where c.p is not null),
         array_agg((c.o->>'id')::uuid) filter (where c.p is not null),
         array_agg(c.p->>'provider') filter (where c.p is not null),
         array_agg(c.p->>'attemptRef') filter (where c.p is not null),
         array_agg((c.p->>'amount')::bigint) filter (where c.p is not null),
         array_agg(c.o->>'currency') filter (where c.p is not null),
         array_agg(c.now_ts) filter (where c.p is not null)
    into issued_ids, issued_at, mail_kinds, mail_ids, mail_at, pay_ids, pay_oids, pay_prov,
         pay_refs, pay_amounts, pay_cur, pay_at
    from unnest(idx) as k(i)
    cross join lateral (select cmds->(k.i - 1)->'order' as o,
                               cmds->(k.i - 1)->'payment' as p,
                               (cmds->(k.i - 1)->>'now')::timestamptz as now_ts,
                               cmds->(k.i - 1)->'order'->>'status' in ('PAID', 'RESERVED')
                                 as issued,
                               coalesce((cmds->(k.i - 1)->'order'->>'awaiting_email')::boolean,
                                        false) as awaiting) as c;

  if pay_ids is not null then
    perform guichet_insert_payments(pay_ids, pay_oids, pay_prov, pay_refs, pay_amounts, pay_cur,
                                    pay_at);
  end if;
  if issued_ids is not null then
    perform guichet_issue_tickets(issued_ids, issued_at);
  end if;
  if mail_ids is not null then
    perform guichet_enqueue_mails(mail_kinds, mail_ids, mail_at);
  end if;
end $$;

-- Gives back what an order took from advantages' quotas, promo codes' uses and budgets, and its
-- single-use codes (available again). Once: the rows it reads are marked restored.
create or replace function guichet_restore_offers(oid uuid) returns void
language plpgsql as $$
begin
  update advantage a set uses = a.uses - u.tickets
    from order_advantage u
   where u.order_id = oid and u.advantage_id = a.id and not u.restored;
  update order_advantage set restored = true where order_id = oid;
  update promo_code p set uses = p.uses - 1, spent = p.spent - d.amount
    from order_discount d
   where d.order_id = oid and d.promo_code_id = p.id and not d.restored;
  update order_discount set restored = true where order_id = oid;
  update single_use_code set order_id = null, used_at = null, used_by_contact = null
   where order_id = oid;
end $$;

-- Takes what a new order uses of advantages (tickets from their quotas), single-use codes (each
-- once: still unused, not invalidated, and held by this cart or by no live cart) and promo codes
-- (a use, and its discount from the budget), each by a conditional update that never lets a quota,
-- a budget or a code be taken twice. Raises GV003 with the offer at fault.
create or replace function guichet_take_offers(cmd jsonb) returns void
language plpgsql as $$
declare
  o       jsonb := cmd->'order';
  oid     uuid := (o->>'id')::uuid;
  now_ts  timestamptz := (cmd->>'now')::timestamptz;
  v       jsonb;
  n       integer;
begin
  for v in select * from jsonb_array_elements(coalesce(cmd->'advantages', '[]'::jsonb)) loop
    update advantage set uses = uses + (v->>'tickets')::integer
     where id = (v->>'id')::uuid and state = 'OPERATION'
       and (quota is null or uses + (v->>'tickets')::integer <= quota);
    get diagnostics n = row_count;
    if n = 0 then
      raise exception using errcode = 'GV003', message = 'advantage:' || (v->>'id');
    end if;
    insert into order_advantage(order_id, advantage_id, tickets)
    values (oid, (v->>'id')::uuid, (v->>'tickets')::integer);
  end loop;

  for v in select * from jsonb_array_elements(coalesce(cmd->'codes', '[]'::jsonb)) loop
    update single_use_code
       set order_id = oid, used_at = now_ts, used_by_contact = (v->>'contact_id')::uuid,
           held_by_cart = null, held_until = null
     where batch_id = (v->>'batch_id')::uuid and seq = (v->>'seq')::integer
       and order_id is null and invalidated_at is null
       and (held_by_cart is null or held_by_cart = (o->>'cart_id')::uuid or held_until <= now_ts);
    get diagnostics n = row_count;
    if n = 0 then
      raise exception using errcode = 'GV003',
        message = 'code:' || (v->>'batch_id') || ':' || (v->>'seq');
    end if;
  end loop;

  for v in select * from jsonb_array_elements(coalesce(cmd->'promos', '[]'::jsonb)) loop
    update promo_code set uses = uses + 1, spent = spent + (v->>'amount')::bigint
     where id = (v->>'id')::uuid and state = 'OPERATION'
       and (max_uses is null or uses < max_uses)
       and (budget is null or spent + (v->>'amount')::bigint <= budget);
    get diagnostics n = row_count;
    if n = 0 then
      raise exception using errcode = 'GV003', message = 'promo:' || (v->>'id');
    end if;
    insert into order_discount(order_id, promo_code_id, code, amount)
    values (oid, (v->>'id')::uuid, v->>'code', (v->>'amount')::bigint);
  end loop;
end $$;

-- Gives back what an order took from vouchers and from the buyer's credit (and its offers).
create or replace function guichet_restore_means(oid uuid, now_ts timestamptz) returns void
language plpgsql as $$
declare
  o orders%rowtype;
begin
  select * into o from orders where id = oid;
  update gift_voucher v set balance = v.balance + u.amount
    from voucher_use u where u.order_id = oid and u.code = v.code and not u.restored;
  update voucher_use set restored = true where order_id = oid;
  perform guichet_restore_offers(oid);
  if o.paid_by_credit > 0 then
    update customer set credit_balance = credit_balance + o.paid_by_credit where id = o.customer_id;
    insert into credit_movement(customer_id, amount, order_id, reason, created_at)
    values (o.customer_id, o.paid_by_credit, oid,
            'order ' || o.reference || ' ' || lower(o.status), now_ts);
  end if;
end $$;

-- Closes an order (CANCELLED or EXPIRED): its tickets, standing places, vouchers and credit.
create or replace function guichet_close_order(oid uuid, new_status text, now_ts timestamptz)
returns void
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

-- kind 'create': one new order with whatever it uses (vouchers, credit).
-- Answers OK {status} | DUPLICATE {orderId} (the cart has an order already) | CONFLICT {detail}
-- (a seat sold since, a standing area full) | VOUCHER {code} | CREDIT | OFFER {offer} (an
-- advantage's quota, a promo code's uses or budget, or a single-use code taken meanwhile).
create or replace function guichet_order_create(cmd jsonb) returns jsonb
language plpgsql as $$
declare
  o       jsonb := cmd->'order';
  oid     uuid := (o->>'id')::uuid;
  now_ts  timestamptz := (cmd->>'now')::timestamptz;
  v       jsonb;
  n       integer;
  credit  bigint := coalesce((o->>'paid_by_credit')::bigint, 0);
  c       text;
  msg     text;
begin
  begin
    perform guichet_create_orders(jsonb_build_array(cmd), '{1}');
    perform guichet_take_offers(cmd);

    for v in select * from jsonb_array_elements(coalesce(cmd->'vouchers', '[]'::jsonb)) loop
      update gift_voucher set balance = balance - (v->>'amount')::bigint
       where code = v->>'code' and organizer_id = (o->>'organizer_id')::uuid
         and currency = o->>'currency' and balance >= (v->>'amount')::bigint
         and expires_at > now_ts;
      get diagnostics n = row_count;
      if n = 0 then
        raise exception using errcode = 'GV001', message = v->>'code';
      end if;
      insert into voucher_use(order_id, code, amount)
      values (oid, v->>'code', (v->>'amount')::bigint);
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
    when sqlstate 'GV003' then
      get stacked diagnostics msg = message_text;
      return jsonb_build_object('result', 'OFFER', 'offer', msg);
  end;
end $$;

-- kind 'payment-start': a new card payment attempt on an order that can be paid now.
-- Answers OK {attemptRef, amount, currency} | NOT_PAYABLE {status} | UNKNOWN.
create or replace function guichet_payment_start(cmd jsonb) returns jsonb
language plpgsql as $$
declare
  o       orders%rowtype;
  now_ts  timestamptz := (cmd->>'now')::timestamptz;
  due     bigint;
  ref     text;
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
  ref := o.reference || '-' || ((select count(*) from payment where order_id = o.id) + 1);
  perform guichet_insert_payments(array[(cmd->>'paymentId')::uuid], array[o.id],
    array[cmd->>'provider'], array[ref], array[due], array[o.currency::text], array[now_ts]);
  return jsonb_build_object('result', 'OK', 'amount', due, 'currency', o.currency,
                            'attemptRef', ref);
end $$;

-- kind 'pay': the provider says the money was taken. The order is paid if it still can be;
-- otherwise the payment is recorded as due for refund and the order is never turned into tickets.
-- Answers PAID {orderId} | REPLAY {orderId, payStatus} | AMOUNT_MISMATCH {orderId} |
-- REFUND {orderId, reason, paymentId, orderStatus} | UNKNOWN.
create or replace function guichet_order_pay(cmd jsonb) returns jsonb
language plpgsql as $$
declare
  p       payment%rowtype;
  o       orders%rowtype;
  now_ts  timestamptz := (cmd->>'now')::timestamptz;
  reason  text;
begin
  select * into p from payment
   where attempt_ref = cmd->>'attemptRef' and provider = cmd->>'provider'
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
      perform guichet_issue_tickets(array[o.id], array[now_ts]);
      update orders set status = 'PAID', paid_at = now_ts, updated_at = now_ts where id = o.id;
      update payment set status = 'ACCEPTED', pay_id = cmd->>'payId',
             provider_status = cmd->>'providerStatus', updated_at = now_ts where id = p.id;
      perform guichet_enqueue_mails(array['ORDER_CONFIRMED'], array[o.id], array[now_ts]);
      return jsonb_build_object('result', 'PAID', 'orderId', o.id);
    exception
      when unique_violation or check_violation then
        reason := 'seats sold since';
    end;
  elsif o.status = 'RESERVED' then
    update orders set status = 'PAID', paid_at = now_ts, updated_at = now_ts where id = o.id;
    update payment set status = 'ACCEPTED', pay_id = cmd->>'payId',
           provider_status = cmd->>'providerStatus', updated_at = now_ts where id = p.id;
    perform guichet_enqueue_mails(array['ORDER_CONFIRMED'], array[o.id], array[now_ts]);
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

-- kind 'payment-failed': the provider says the attempt failed (declined) or the buyer gave up.
-- Answers OK {orderId} | REPLAY {orderId, payStatus} | UNKNOWN.
create or replace function guichet_payment_failed(cmd jsonb) returns jsonb
language plpgsql as $$
declare
  p payment%rowtype;
begin
  select * into p from payment
   where attempt_ref = cmd->>'attemptRef' and provider = cmd->>'provider'
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

-- kind 'expire': a pending order past its payment deadline. Answers EXPIRED | UNCHANGED {status}.
create or replace function guichet_order_expire(cmd jsonb) returns jsonb
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

-- kind 'cancel': the buyer cancels a pending or reserved order.
-- Answers CANCELLED {was} | NOT_CANCELLABLE {status} | UNKNOWN.
create or replace function guichet_order_cancel(cmd jsonb) returns jsonb
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

-- kind 'confirm-email': the guest clicked the link of the confirmation e-mail; the order goes on.
-- Answers OK {status} | UNCHANGED {status} | EXPIRED | CONFLICT (its seats were sold meanwhile:
-- the order expires) | UNKNOWN.
create or replace function guichet_order_confirm_email(cmd jsonb) returns jsonb
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
  next := case o.settle when 'NONE' then 'PAID' when 'RESERVE' then 'RESERVED'
          else 'PENDING_PAYMENT' end;
  begin
    if next <> 'PENDING_PAYMENT' then
      perform guichet_issue_tickets(array[o.id], array[now_ts]);
      perform guichet_enqueue_mails(array['ORDER_CONFIRMED'], array[o.id], array[now_ts]);
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

-- kind 'refunded': what the provider said to a refund request. Answers OK.
create or replace function guichet_payment_refunded(cmd jsonb) returns jsonb
language plpgsql as $$
begin
  update payment set status = case when (cmd->>'ok')::boolean then 'REFUNDED' else status end,
         refund_attempts = refund_attempts + 1, updated_at = (cmd->>'now')::timestamptz
   where id = (cmd->>'paymentId')::uuid and status = 'REFUND_DUE';
  return jsonb_build_object('result', 'OK');
end $$;

-- One command, by its kind.
create or replace function guichet_order_write(cmd jsonb) returns jsonb
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

-- A group commit: {"answers": [one per command, in order], "setBased": how many were written
-- set-based}.
create or replace function guichet_order_write_batch(cmds jsonb) returns jsonb
language plpgsql as $$
declare
  n        integer := jsonb_array_length(cmds);
  answers  jsonb[] := array_fill(null::jsonb, array[n]);
  plain    integer[];
  i        integer;
begin
  select coalesce(array_agg(e.i::integer order by e.i), '{}') into plain
    from jsonb_array_elements(cmds) with ordinality as e(cmd, i)
   where e.cmd->>'kind' = 'create'
     and jsonb_array_length(coalesce(e.cmd->'vouchers', '[]'::jsonb)) = 0
     and coalesce((e.cmd->'order'->>'paid_by_credit')::bigint, 0) = 0
     and jsonb_array_length(coalesce(e.cmd->'advantages', '[]'::jsonb)) = 0
     and jsonb_array_length(coalesce(e.cmd->'codes', '[]'::jsonb)) = 0
     and jsonb_array_length(coalesce(e.cmd->'promos', '[]'::jsonb)) = 0;
  if cardinality(plain) > 0 then
    begin
      perform guichet_create_orders(cmds, plain);
      foreach i in array plain loop
        answers[i] := jsonb_build_object('result', 'OK',
                                         'status', cmds->(i - 1)->'order'->>'status');
      end loop;
    exception when others then
      -- rolled back as a whole: each of them goes one by one below
      plain := '{}';
    end;
  end if;
  for i in 1 .. n loop
    if answers[i] is null then
      answers[i] := guichet_order_write(cmds->(i - 1));
    end if;
  end loop;
  return jsonb_build_object('answers', to_jsonb(answers), 'setBased', cardinality(plain));
end $$;
