-- Cheaper rows per order, for every way of writing them.
--
-- Ticket ids are time-ordered (UUID version 7: 48 bits of milliseconds, 74 random bits), as order
-- ids are (made in Java the same way): a new id sorts after the existing ones, so inserting it
-- into a primary key (and into order_line's and ticket's keys that start with the order id)
-- lands on the index's rightmost page, which PostgreSQL reaches without a descent, instead of a
-- random page. Random version-4 ids already stored keep working.
create function guichet_uuid7(ts timestamptz) returns uuid
language sql volatile parallel safe as $$
  select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
           placing substring(int8send(floor(extract(epoch from ts) * 1000)::bigint) from 3)
           from 1 for 6), 52, 1), 53, 1), 'hex')::uuid
$$;

-- A ticket belongs to its order line, which belongs to the order and refers to the performance
-- and the tariff: one foreign key checks what two did (the ticket's performance is copied from its
-- line in the statement that writes both). Each foreign key is a lookup and a row lock per row.
alter table ticket
  drop constraint ticket_order_id_fkey,
  drop constraint ticket_performance_id_fkey,
  add constraint ticket_order_line_fkey foreign key (order_id, line_no)
    references order_line(order_id, line_no);

create or replace function guichet_issue_tickets(oid uuid, now_ts timestamptz) returns void
language plpgsql as $$
begin
  insert into ticket(id, order_id, line_no, performance_id, seat_id, ga_area, status, created_at,
                     updated_at, beneficiary_first_name, beneficiary_last_name)
  select guichet_uuid7(now_ts), order_id, line_no, performance_id, seat_id, ga_area, 'LIVE',
         now_ts, now_ts, beneficiary_first_name, beneficiary_last_name
    from order_line where order_id = oid;
  if found and exists (select 1 from order_line where order_id = oid and ga_area is not null) then
    insert into ga_sales as g (performance_id, area, capacity, sold)
    select performance_id, ga_area, max(ga_capacity), count(*)
      from order_line where order_id = oid and ga_area is not null
     group by performance_id, ga_area
    on conflict (performance_id, area) do update set sold = g.sold + excluded.sold;
  end if;
end $$;

-- The order writer's group commit as one statement: guichet_order_write_batch(cmds) takes the
-- batch's commands as a JSON array and answers a JSON array, one answer per command, in order.
--
-- New orders paid without gift voucher or credit (nearly all of an on-sale) are written
-- set-based: one INSERT per table for all of them, so PostgreSQL starts an executor, checks
-- constraints' setup and evaluates the statement once per batch instead of once per order. That
-- part runs in one exception block. If any of it breaks a rule (a seat sold since, a standing area
-- full, a cart ordered twice, ...) it is rolled back as a whole and those orders go one by one
-- through guichet_order_write like every other command, each in its own block, so the one at
-- fault answers why and the others are written.

-- Writes new orders (their lines, tickets, standing places, first payment attempt and e-mail)
-- set-based. idx: the 1-based positions in cmds of the commands to write, all of kind 'create'
-- without vouchers or credit. Raises on any broken rule; the caller then writes them one by one.
create function guichet_create_plain_orders(cmds jsonb, idx integer[]) returns void
language plpgsql as $$
begin
  insert into orders(id, reference, cart_id, idempotency_key, request_hash, organizer_id, pos_id,
    channel_id, customer_id, buyer_email, buyer_first_name, buyer_last_name, status,
    awaiting_email, settle, currency, delivery_mode, lines_total, delivery_fee, ticket_fees,
    fees_total, total, paid_by_vouchers, paid_by_credit, card_amount, expires_at, created_at,
    updated_at, paid_at)
  select o.id, o.reference, o.cart_id, o.idempotency_key, decode(o.request_hash, 'hex'),
         o.organizer_id, o.pos_id, o.channel_id, o.customer_id, o.buyer_email,
         o.buyer_first_name, o.buyer_last_name, o.status, o.awaiting_email, o.settle, o.currency,
         o.delivery_mode, o.lines_total, o.delivery_fee, o.ticket_fees, o.fees_total, o.total,
         o.paid_by_vouchers, o.paid_by_credit, o.card_amount, o.expires_at, c.now_ts, c.now_ts,
         case when o.status = 'PAID' then c.now_ts end
    from unnest(idx) as k(i)
    cross join lateral (select (cmds->(k.i - 1)->>'now')::timestamptz as now_ts,
                               cmds->(k.i - 1)->'order' as o) as c
    cross join lateral jsonb_to_record(c.o) as o(id uuid, reference text, cart_id uuid,
      idempotency_key text, request_hash text, organizer_id uuid, pos_id uuid, channel_id uuid,
      customer_id uuid, buyer_email text, buyer_first_name text, buyer_last_name text,
      status text, awaiting_email boolean, settle text, currency text, delivery_mode text,
      lines_total bigint, delivery_fee bigint, ticket_fees bigint, fees_total bigint, total bigint,
      paid_by_vouchers bigint, paid_by_credit bigint, card_amount bigint,
      expires_at timestamptz);

  -- Lines, and tickets for the orders that are PAID or RESERVED from the start (as
  -- guichet_issue_tickets), and their standing places.
  with l as (
    select (c.cmd->'order'->>'id')::uuid as oid,
           c.cmd->'order'->>'status' in ('PAID', 'RESERVED') as issued,
           (c.cmd->>'now')::timestamptz as now_ts, x.*
      from unnest(idx) as k(i)
      cross join lateral (select cmds->(k.i - 1) as cmd) as c
      cross join lateral jsonb_to_recordset(c.cmd->'lines') as x(line_no integer,
        performance_id uuid, item_id uuid, hold_id bigint, seat_id text, ga_area integer,
        ga_capacity integer, category text, tariff_id uuid, price bigint, seat_hidden boolean,
        beneficiary_first_name text, beneficiary_last_name text)
  ), lines as (
    insert into order_line(order_id, line_no, performance_id, item_id, hold_id, seat_id, ga_area,
      ga_capacity, category, tariff_id, price, seat_hidden, beneficiary_first_name,
      beneficiary_last_name)
    select oid, line_no, performance_id, item_id, hold_id, seat_id, ga_area, ga_capacity,
           category, tariff_id, price, coalesce(seat_hidden, false), beneficiary_first_name,
           beneficiary_last_name
      from l
  ), standing as (
    insert into ga_sales as g (performance_id, area, capacity, sold)
    select performance_id, ga_area, max(ga_capacity), count(*)
      from l where issued and ga_area is not null
     group by performance_id, ga_area
    on conflict (performance_id, area) do update set sold = g.sold + excluded.sold
  )
  insert into ticket(id, order_id, line_no, performance_id, seat_id, ga_area, status, created_at,
                     updated_at, beneficiary_first_name, beneficiary_last_name)
  select guichet_uuid7(now_ts), oid, line_no, performance_id, seat_id, ga_area, 'LIVE', now_ts,
         now_ts, beneficiary_first_name, beneficiary_last_name
    from l where issued;

  insert into payment(id, order_id, provider, attempt_ref, amount, currency, status, created_at,
                      updated_at)
  select (p->>'id')::uuid, (o->>'id')::uuid, p->>'provider', p->>'attemptRef',
         (p->>'amount')::bigint, o->>'currency', 'INITIATED', now_ts, now_ts
    from unnest(idx) as k(i)
    cross join lateral (select cmds->(k.i - 1)->'payment' as p, cmds->(k.i - 1)->'order' as o,
                               (cmds->(k.i - 1)->>'now')::timestamptz as now_ts) as c
   where p is not null;

  insert into mail_outbox(kind, order_id, created_at, next_attempt_at)
  select case when o->>'status' in ('PAID', 'RESERVED') then 'ORDER_CONFIRMED'
              else 'CONFIRM_EMAIL' end,
         (o->>'id')::uuid, now_ts, now_ts
    from unnest(idx) as k(i)
    cross join lateral (select cmds->(k.i - 1)->'order' as o,
                               (cmds->(k.i - 1)->>'now')::timestamptz as now_ts) as c
   where o->>'status' in ('PAID', 'RESERVED') or (o->>'awaiting_email')::boolean;
end $$;

-- Answers {"answers": [one per command, in order], "setBased": how many were written set-based}.
create function guichet_order_write_batch(cmds jsonb) returns jsonb
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
     and coalesce((e.cmd->'order'->>'paid_by_credit')::bigint, 0) = 0;
  if cardinality(plain) > 0 then
    begin
      perform guichet_create_plain_orders(cmds, plain);
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
