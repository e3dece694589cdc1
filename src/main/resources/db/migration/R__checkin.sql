-- Check-in at the doors (one authoritative text; Flyway re-applies it when it changes).

-- A scan at the door, in one round trip: accepts the ticket once (the row lock makes two scans of
-- one ticket at the same instant accept exactly one), or says why not; logs the scan either way.
create or replace function guichet_checkin(cmd jsonb) returns jsonb
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
