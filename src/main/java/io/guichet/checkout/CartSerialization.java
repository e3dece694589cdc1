package io.guichet.checkout;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import io.guichet.domain.cart.Cart;
import io.guichet.domain.cart.CartItem;
import io.guichet.domain.cart.CartOffers;
import io.guichet.domain.cart.CheckoutClaim;
import io.guichet.domain.cart.TariffLine;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * How carts and the results of the cart map's entry processors cross Hazelcast's serialization.
 * Every change of a cart answers the cart as it is after it, serialized by the partition thread and
 * read back by the caller, even on one node: field by field here rather than through Java's object
 * streams (a cart is a few records and lists; an object stream spends more on class descriptors
 * than on them). The domain records stay free of Hazelcast.
 */
public final class CartSerialization {
  private static final int CART = 4301;
  private static final int RESULT = 4302;
  private static final int REMOVED = 4303;
  private static final int CLAIM_RESULT = 4304;

  private CartSerialization() {}

  /** Registers the serializers of carts and of the cart processors' results. */
  public static void register(SerializationConfig config) {
    config
        .addSerializerConfig(
            serializer(Cart.class, CART, CartSerialization::writeCart, in -> readCart(in)))
        .addSerializerConfig(
            serializer(
                HzCarts.Result.class,
                RESULT,
                (out, r) -> {
                  out.writeByte(r.code().ordinal());
                  writeNullableCart(out, r.cart());
                },
                in -> new HzCarts.Result(CODES[in.readByte()], readNullableCart(in))))
        .addSerializerConfig(
            serializer(
                HzCarts.Removed.class,
                REMOVED,
                (out, r) -> {
                  out.writeByte(r.code().ordinal());
                  out.writeBoolean(r.item() != null);
                  if (r.item() != null) {
                    writeItem(out, r.item());
                  }
                  writeInstant(out, r.deadline());
                },
                in ->
                    new HzCarts.Removed(
                        CODES[in.readByte()],
                        in.readBoolean() ? readItem(in) : null,
                        readInstant(in))))
        .addSerializerConfig(
            serializer(
                HzCarts.ClaimResult.class,
                CLAIM_RESULT,
                (out, r) -> {
                  out.writeByte(r.code().ordinal());
                  writeNullableCart(out, r.cart());
                },
                in -> new HzCarts.ClaimResult(CLAIM_CODES[in.readByte()], readNullableCart(in))));
  }

  private static final HzCarts.Code[] CODES = HzCarts.Code.values();
  private static final HzCarts.ClaimCode[] CLAIM_CODES = HzCarts.ClaimCode.values();

  private interface Writer<T> {
    void write(ObjectDataOutput out, T value) throws IOException;
  }

  private interface Reader<T> {
    T read(ObjectDataInput in) throws IOException;
  }

  private static <T> SerializerConfig serializer(
      Class<T> type, int id, Writer<T> writer, Reader<T> reader) {
    return new SerializerConfig()
        .setTypeClass(type)
        .setImplementation(
            new StreamSerializer<T>() {
              @Override
              public int getTypeId() {
                return id;
              }

              @Override
              public void write(ObjectDataOutput out, T value) throws IOException {
                writer.write(out, value);
              }

              @Override
              public T read(ObjectDataInput in) throws IOException {
                return reader.read(in);
              }
            });
  }

  static void writeCart(ObjectDataOutput out, Cart c) throws IOException {
    writeUuid(out, c.id());
    writeUuid(out, c.posId());
    writeUuid(out, c.channelId());
    out.writeByteArray(c.secretHash());
    writeInstant(out, c.createdAt());
    writeInstant(out, c.deadline());
    out.writeInt(c.items().size());
    for (CartItem item : c.items()) {
      writeItem(out, item);
    }
    writeUuid(out, c.customerId());
    CheckoutClaim claim = c.checkout();
    out.writeBoolean(claim != null);
    if (claim != null) {
      out.writeString(claim.idempotencyKey());
      out.writeByteArray(claim.requestHash());
      writeUuid(out, claim.orderId());
      writeInstant(out, claim.claimedAt());
      writeUuid(out, claim.holder());
      out.writeBoolean(claim.done());
    }
    writeOffers(out, c.offers());
  }

  private static void writeOffers(ObjectDataOutput out, CartOffers offers) throws IOException {
    out.writeInt(offers.advantages().size());
    for (CartOffers.Applied a : offers.advantages()) {
      writeUuid(out, a.advantageId());
      out.writeByte(a.via().ordinal());
      writeUuid(out, a.codeBatch());
      out.writeInt(a.codeSeq());
    }
    out.writeInt(offers.promoCodes().size());
    for (UUID p : offers.promoCodes()) {
      writeUuid(out, p);
    }
    writeUuid(out, offers.contactId());
  }

  private static final CartOffers.Via[] VIAS = CartOffers.Via.values();

  private static CartOffers readOffers(ObjectDataInput in) throws IOException {
    int n = in.readInt();
    List<CartOffers.Applied> advantages = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      advantages.add(
          new CartOffers.Applied(readUuid(in), VIAS[in.readByte()], readUuid(in), in.readInt()));
    }
    int m = in.readInt();
    List<UUID> promos = new ArrayList<>(m);
    for (int i = 0; i < m; i++) {
      promos.add(readUuid(in));
    }
    UUID contact = readUuid(in);
    return advantages.isEmpty() && promos.isEmpty() && contact == null
        ? CartOffers.NONE
        : new CartOffers(advantages, promos, contact);
  }

  static Cart readCart(ObjectDataInput in) throws IOException {
    UUID id = readUuid(in);
    UUID posId = readUuid(in);
    UUID channelId = readUuid(in);
    byte[] secretHash = in.readByteArray();
    Instant createdAt = readInstant(in);
    Instant deadline = readInstant(in);
    int n = in.readInt();
    List<CartItem> items = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      items.add(readItem(in));
    }
    UUID customerId = readUuid(in);
    CheckoutClaim claim =
        in.readBoolean()
            ? new CheckoutClaim(
                in.readString(),
                in.readByteArray(),
                readUuid(in),
                readInstant(in),
                readUuid(in),
                in.readBoolean())
            : null;
    return new Cart(
        id,
        posId,
        channelId,
        secretHash,
        createdAt,
        deadline,
        items,
        customerId,
        claim,
        readOffers(in));
  }

  private static void writeNullableCart(ObjectDataOutput out, Cart c) throws IOException {
    out.writeBoolean(c != null);
    if (c != null) {
      writeCart(out, c);
    }
  }

  private static Cart readNullableCart(ObjectDataInput in) throws IOException {
    return in.readBoolean() ? readCart(in) : null;
  }

  private static void writeItem(ObjectDataOutput out, CartItem item) throws IOException {
    writeUuid(out, item.id());
    writeUuid(out, item.performanceId());
    out.writeLong(item.holdId());
    out.writeBoolean(item.pending());
    out.writeInt(item.quantity());
    out.writeString(item.mode());
    out.writeInt(item.tariffs().size());
    for (TariffLine t : item.tariffs()) {
      writeUuid(out, t.tariffId());
      out.writeString(t.category());
      out.writeInt(t.quantity());
    }
    out.writeStringArray(item.seatIds().toArray(new String[0]));
    int[] blocks = new int[item.blocks().size()];
    int i = 0;
    for (int b : item.blocks()) {
      blocks[i++] = b;
    }
    out.writeIntArray(blocks);
    out.writeBoolean(item.area() != null);
    if (item.area() != null) {
      out.writeInt(item.area());
    }
    out.writeBoolean(item.hideSeats());
    writeInstant(out, item.pendingSince());
  }

  private static CartItem readItem(ObjectDataInput in) throws IOException {
    UUID id = readUuid(in);
    UUID performanceId = readUuid(in);
    long holdId = in.readLong();
    boolean pending = in.readBoolean();
    int quantity = in.readInt();
    String mode = in.readString();
    int n = in.readInt();
    List<TariffLine> tariffs = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      tariffs.add(new TariffLine(readUuid(in), in.readString(), in.readInt()));
    }
    List<String> seatIds = List.of(in.readStringArray());
    int[] blockArray = in.readIntArray();
    Set<Integer> blocks = new HashSet<>();
    for (int b : blockArray) {
      blocks.add(b);
    }
    Integer area = in.readBoolean() ? in.readInt() : null;
    boolean hideSeats = in.readBoolean();
    return new CartItem(
        id,
        performanceId,
        holdId,
        pending,
        quantity,
        mode,
        tariffs,
        seatIds,
        blocks,
        area,
        hideSeats,
        readInstant(in));
  }

  private static void writeUuid(ObjectDataOutput out, UUID id) throws IOException {
    out.writeBoolean(id != null);
    if (id != null) {
      out.writeLong(id.getMostSignificantBits());
      out.writeLong(id.getLeastSignificantBits());
    }
  }

  private static UUID readUuid(ObjectDataInput in) throws IOException {
    return in.readBoolean() ? new UUID(in.readLong(), in.readLong()) : null;
  }

  private static void writeInstant(ObjectDataOutput out, Instant t) throws IOException {
    out.writeBoolean(t != null);
    if (t != null) {
      out.writeLong(t.getEpochSecond());
      out.writeInt(t.getNano());
    }
  }

  private static Instant readInstant(ObjectDataInput in) throws IOException {
    return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
  }
}
