-- Tickets: their codes' signing keys, beneficiaries, downloads, scanner devices and check-in.
--
-- A ticket's code is signed in Java (Ed25519) from the ticket's id, performance, seat and
-- version; changing the beneficiary bumps the version, so the old code stops scanning.

alter table order_line
  add column beneficiary_first_name text,
  add column beneficiary_last_name text;

alter table ticket
  add column beneficiary_first_name text,
  add column beneficiary_last_name text,
  -- first time the code left the server (PDF, wallet pass or mobile ticket): "printed"
  add column printed_at timestamptz,
  add column checked_in_at timestamptz,
  add column checked_in_by uuid,
  add column updated_at timestamptz;

-- The Ed25519 keys of ticket codes. The newest key not retired signs; every key not retired
-- verifies (scanners download them). The private key is sealed (AES-GCM) under a key derived
-- from the server secret, so a database dump alone cannot forge tickets.
create table ticket_signing_key (
  kid                 text primary key,
  public_key          bytea not null,
  private_key_sealed  bytea not null,
  created_at          timestamptz not null,
  retired_at          timestamptz
);

-- A scanner (a phone or a turnstile at the doors) of an organizer; it presents its token.
create table scanner_device (
  id            uuid primary key,
  organizer_id  uuid not null references organizer(id),
  name          text not null,
  token_hash    bytea not null unique,
  created_at    timestamptz not null,
  revoked_at    timestamptz
);
create index scanner_device_organizer_idx on scanner_device(organizer_id);

-- Every scan, accepted or refused, for the doors' reports.
create table checkin_scan (
  id              bigserial primary key,
  device_id       uuid not null references scanner_device(id),
  performance_id  uuid not null,
  ticket_id       uuid,
  code_version    integer,
  result          text not null,
  scanned_at      timestamptz not null
);
create index checkin_scan_performance_idx on checkin_scan(performance_id, scanned_at);

create or replace function guichet_issue_tickets(oid uuid, now_ts timestamptz) returns void
language plpgsql as $$
begin
  insert into ticket(id, order_id, line_no, performance_id, seat_id, ga_area, status, created_at,
                     updated_at, beneficiary_first_name, beneficiary_last_name)
  select gen_random_uuid(), order_id, line_no, performance_id, seat_id, ga_area, 'LIVE', now_ts,
         now_ts, beneficiary_first_name, beneficiary_last_name
    from order_line where order_id = oid;
  if found and exists (select 1 from order_line where order_id = oid and ga_area is not null) then
    insert into ga_sales as g (performance_id, area, capacity, sold)
    select performance_id, ga_area, max(ga_capacity), count(*)
      from order_line where order_id = oid and ga_area is not null
     group by performance_id, ga_area
    on conflict (performance_id, area) do update set sold = g.sold + excluded.sold;
  end if;
end $$;

create or replace function guichet_order_create(cmd jsonb) returns jsonb
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
      ga_capacity, category, tariff_id, price, seat_hidden, beneficiary_first_name,
      beneficiary_last_name)
    select oid, l.line_no, l.performance_id, l.item_id, l.hold_id, l.seat_id, l.ga_area,
           l.ga_capacity, l.category, l.tariff_id, l.price, coalesce(l.seat_hidden, false),
           l.beneficiary_first_name, l.beneficiary_last_name
      from jsonb_to_recordset(cmd->'lines') as l(line_no integer, performance_id uuid,
           item_id uuid, hold_id bigint, seat_id text, ga_area integer, ga_capacity integer,
           category text, tariff_id uuid, price bigint, seat_hidden boolean,
           beneficiary_first_name text, beneficiary_last_name text);

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

-- A scan at the door, in one round trip: accepts the ticket once (the row lock makes two scans of
-- one ticket at the same instant accept exactly one), or says why not; logs the scan either way.
create function guichet_checkin(cmd jsonb) returns jsonb
language plpgsql as $$
declare
  tid     uuid := (cmd->>'ticketId')::uuid;
  gate    uuid := (cmd->>'performanceId')::uuid;
  ver     integer := (cmd->>'version')::integer;
  dev     uuid := (cmd->>'deviceId')::uuid;
  now_ts  timestamptz := (cmd->>'now')::timestamptz;
  seat    text;
  area    integer;
  bfirst  text;
  blast   text;
  lno     integer;
  oid     uuid;
  t_perf  uuid;
  t_ver   integer;
  t_stat  text;
  t_at    timestamptz;
  o_stat  text;
  result  text;
begin
  if not exists (select 1 from performance p join event e on e.id = p.event_id
                  where p.id = gate and e.organizer_id = (cmd->>'organizerId')::uuid) then
    return jsonb_build_object('result', 'UNKNOWN_PERFORMANCE');
  end if;
  update ticket set checked_in_at = now_ts, checked_in_by = dev, updated_at = now_ts
   where id = tid and performance_id = gate and version = ver and status = 'LIVE'
     and checked_in_at is null
     and exists (select 1 from orders o where o.id = ticket.order_id and o.status = 'PAID')
  returning seat_id, ga_area, beneficiary_first_name, beneficiary_last_name, line_no, order_id
       into seat, area, bfirst, blast, lno, oid;
  if found then
    insert into checkin_scan(device_id, performance_id, ticket_id, code_version, result, scanned_at)
    values (dev, gate, tid, ver, 'ACCEPTED', now_ts);
    return jsonb_build_object('result', 'ACCEPTED', 'seatId', seat, 'gaArea', area,
      'beneficiaryFirstName', bfirst, 'beneficiaryLastName', blast,
      'category', (select category from order_line where order_id = oid and line_no = lno));
  end if;
  select t.performance_id, t.version, t.status, t.checked_in_at, o.status
    into t_perf, t_ver, t_stat, t_at, o_stat
    from ticket t join orders o on o.id = t.order_id where t.id = tid;
  if not found then
    result := 'UNKNOWN_TICKET';
  elsif t_perf <> gate then
    result := 'OTHER_PERFORMANCE';
  elsif t_stat <> 'LIVE' then
    result := 'CANCELLED';
  elsif t_ver <> ver then
    result := 'SUPERSEDED';
  elsif o_stat <> 'PAID' then
    result := 'NOT_PAID';
  elsif t_at is not null then
    result := 'ALREADY_SCANNED';
  else
    result := 'RETRY';
  end if;
  insert into checkin_scan(device_id, performance_id, ticket_id, code_version, result, scanned_at)
  values (dev, gate, tid, ver, result, now_ts);
  return jsonb_build_object('result', result, 'checkedInAt', t_at);
end $$;
