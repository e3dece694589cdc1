package io.guichet.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AccessTokensTest {
  private static final byte[] OLD = "the-old-key-0123456789".getBytes(StandardCharsets.UTF_8);
  private static final byte[] NEW = "the-new-key-9876543210".getBytes(StandardCharsets.UTF_8);
  private static final UUID ON_SALE = UUID.randomUUID();
  private static final String VISITOR = "AAAAAAAAAAAAAAAAAAAAAA";

  @Test
  void aTokenSaysWhatItWasSignedFor() {
    AccessTokens tokens = new AccessTokens(NEW, null);
    AccessTokens.Access access = tokens.openAccess(tokens.access(ON_SALE, VISITOR, 1234L));
    assertThat(access).isEqualTo(new AccessTokens.Access(ON_SALE, VISITOR, 1234L));
  }

  @Test
  void aRotationKeepsTheTokensOfThePreviousKeyValid() {
    AccessTokens before = new AccessTokens(OLD, null);
    String token = before.access(ON_SALE, VISITOR, 99L);
    String ticket = before.ticket(ON_SALE, VISITOR, 42L);
    AccessTokens during = new AccessTokens(NEW, OLD);
    assertThat(during.openAccess(token)).isNotNull();
    assertThat(during.ticketValid(ON_SALE, VISITOR, ticket)).isTrue();
    // A poll with the old ticket is answered with one under the new key.
    assertThat(during.underCurrentKey(ticket)).isFalse();
    assertThat(during.underCurrentKey(during.ticket(ON_SALE, VISITOR, 42L))).isTrue();
    // New tokens are signed with the new key, which the old configuration does not know.
    assertThat(before.openAccess(during.access(ON_SALE, VISITOR, 99L))).isNull();
    AccessTokens after = new AccessTokens(NEW, null);
    assertThat(after.openAccess(token)).isNull();
    assertThat(after.ticketValid(ON_SALE, VISITOR, ticket)).isFalse();
  }

  @Test
  void forgedAlteredOrMisusedValuesAreRefused() {
    AccessTokens tokens = new AccessTokens(NEW, null);
    String token = tokens.access(ON_SALE, VISITOR, 99L);
    String ticket = tokens.ticket(ON_SALE, VISITOR, 42L);
    // A ticket is not an access token, and the other way round.
    assertThat(tokens.openAccess(ticket)).isNull();
    assertThat(tokens.ticketValid(ON_SALE, VISITOR, token)).isFalse();
    // Another visitor's or another on-sale's ticket.
    assertThat(tokens.ticketValid(ON_SALE, "BBBBBBBBBBBBBBBBBBBBBB", ticket)).isFalse();
    assertThat(tokens.ticketValid(UUID.randomUUID(), VISITOR, ticket)).isFalse();
    // Any altered character breaks the token.
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      String altered = token.substring(0, i) + (c == 'A' ? 'B' : 'A') + token.substring(i + 1);
      assertThat(tokens.openAccess(altered)).as("altered at %d", i).isNull();
    }
    // The last character carries unused bits: no other spelling of the same signature opens.
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    String head = token.substring(0, token.length() - 1);
    for (char c : alphabet.toCharArray()) {
      if (c != token.charAt(token.length() - 1)) {
        assertThat(tokens.openAccess(head + c)).as("last character %s", c).isNull();
      }
    }
    assertThat(tokens.openAccess(null)).isNull();
    assertThat(tokens.openAccess("")).isNull();
    assertThat(tokens.openAccess("~.")).isNull();
    assertThat(tokens.openAccess("x".repeat(10_000))).isNull();
  }

  @Test
  void aTicketNamesTheVisitorsPlaceWhichCannotBeChanged() {
    AccessTokens tokens = new AccessTokens(NEW, null);
    long place = (1L << 52) + 123_456_789L;
    String ticket = tokens.ticket(ON_SALE, VISITOR, place);
    assertThat(tokens.ticketPlace(ON_SALE, VISITOR, ticket)).isEqualTo(place);
    assertThat(tokens.ticketPlace(ON_SALE, VISITOR, tokens.ticket(ON_SALE, VISITOR, 0))).isZero();
    // A ticket of the earlier form (no place) is still genuine: it names no place.
    String unplaced = tokens.ticket(ON_SALE, VISITOR, AccessTokens.UNPLACED);
    assertThat(tokens.ticketPlace(ON_SALE, VISITOR, unplaced)).isEqualTo(AccessTokens.UNPLACED);
    // A better place cannot be written into a ticket: any change breaks its signature.
    for (int i = 0; i < ticket.length(); i++) {
      char c = ticket.charAt(i);
      String altered = ticket.substring(0, i) + (c == 'A' ? 'B' : 'A') + ticket.substring(i + 1);
      assertThat(tokens.ticketPlace(ON_SALE, VISITOR, altered))
          .as("altered at %d", i)
          .isEqualTo(AccessTokens.FORGED);
    }
    assertThat(tokens.ticketPlace(ON_SALE, "BBBBBBBBBBBBBBBBBBBBBB", ticket))
        .isEqualTo(AccessTokens.FORGED);
    assertThat(tokens.ticketPlace(UUID.randomUUID(), VISITOR, ticket))
        .isEqualTo(AccessTokens.FORGED);
  }

  @Test
  void visitorIdsHaveOneForm() {
    assertThat(AccessTokens.wellFormedVisitor(VISITOR)).isTrue();
    assertThat(AccessTokens.wellFormedVisitor("short")).isFalse();
    assertThat(AccessTokens.wellFormedVisitor("AAAAAAAAAAAAAAAAAAAAA=")).isFalse();
    assertThat(AccessTokens.wellFormedVisitor(null)).isFalse();
  }
}
