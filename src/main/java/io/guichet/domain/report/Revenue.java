package io.guichet.domain.report;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * A performance's revenue: the ticket prices of its paid orders, by tariff, by channel and by day,
 * each cut summing to the same total (they are sums of the same lines). Fees and delivery belong to
 * an order, not to a performance, and are not in it; orders cancelled, expired, reserved or still
 * waiting for their payment are not either.
 */
public record Revenue(
    String currency,
    long tickets,
    long amount,
    List<TariffPart> byTariff,
    List<ChannelPart> byChannel,
    List<DayPart> byDay,
    List<RevenueLine> lines) {

  public record TariffPart(UUID tariffId, String code, String name, long tickets, long amount) {}

  public record ChannelPart(UUID channelId, String name, long tickets, long amount) {}

  public record DayPart(LocalDate day, long tickets, long amount) {}

  /** The revenue of these lines (in any order): every cut sorted, days in calendar order. */
  public static Revenue of(String currency, List<RevenueLine> lines) {
    List<RevenueLine> sorted = new ArrayList<>(lines);
    sorted.sort(
        Comparator.comparing(RevenueLine::day)
            .thenComparing(RevenueLine::channelName)
            .thenComparing(RevenueLine::tariffCode));
    long tickets = 0;
    long amount = 0;
    for (RevenueLine l : sorted) {
      tickets += l.tickets();
      amount += l.amount();
    }
    List<TariffPart> byTariff =
        sums(
            sorted,
            RevenueLine::tariffId,
            (l, t, a) -> new TariffPart(l.tariffId(), l.tariffCode(), l.tariffName(), t, a));
    byTariff.sort(Comparator.comparing(TariffPart::code));
    List<ChannelPart> byChannel =
        sums(
            sorted,
            RevenueLine::channelId,
            (l, t, a) -> new ChannelPart(l.channelId(), l.channelName(), t, a));
    byChannel.sort(Comparator.comparing(ChannelPart::name));
    List<DayPart> byDay = sums(sorted, RevenueLine::day, (l, t, a) -> new DayPart(l.day(), t, a));
    return new Revenue(currency, tickets, amount, byTariff, byChannel, byDay, List.copyOf(sorted));
  }

  private interface Part<P> {
    P make(RevenueLine first, long tickets, long amount);
  }

  private static <K, P> List<P> sums(
      List<RevenueLine> lines, Function<RevenueLine, K> key, Part<P> part) {
    Map<K, RevenueLine> first = new LinkedHashMap<>();
    Map<K, long[]> totals = new LinkedHashMap<>();
    for (RevenueLine l : lines) {
      K k = key.apply(l);
      first.putIfAbsent(k, l);
      long[] t = totals.computeIfAbsent(k, x -> new long[2]);
      t[0] += l.tickets();
      t[1] += l.amount();
    }
    List<P> out = new ArrayList<>();
    totals.forEach((k, t) -> out.add(part.make(first.get(k), t[0], t[1])));
    return out;
  }
}
