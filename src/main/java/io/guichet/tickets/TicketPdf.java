package io.guichet.tickets;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * E-tickets as PDF, one A4 page per ticket: the event, date, venue, place, category, tariff, price,
 * beneficiary and the QR code of the ticket's signed code (drawn as vector squares, so it prints
 * sharp at any size). Blocking: run it on a worker thread.
 */
public final class TicketPdf {
  /** One page, its texts already formatted for the reader. */
  public record Page(
      String event,
      String date,
      String venue,
      String place,
      String category,
      String tariffAndPrice,
      String beneficiary,
      String reference,
      String ticketRef,
      String code) {}

  // Liberation Sans ships inside PDFBox: Latin, Greek and Cyrillic names print as typed.
  private static final byte[] FONT =
      resource("/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf");
  private static final float MARGIN = 48;
  private static final float QR_SIZE = 190;

  private TicketPdf() {}

  public static byte[] render(String title, List<Page> pages) {
    try (PDDocument doc = new PDDocument()) {
      PDType0Font font = PDType0Font.load(doc, new java.io.ByteArrayInputStream(FONT), true);
      PDDocumentInformation info = doc.getDocumentInformation();
      info.setTitle(title);
      info.setCreator("Guichet");
      for (Page p : pages) {
        page(doc, font, p);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
      doc.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void page(PDDocument doc, PDType0Font font, Page p) throws IOException {
    PDPage page = new PDPage(PDRectangle.A4);
    doc.addPage(page);
    float top = PDRectangle.A4.getHeight() - MARGIN;
    float width = PDRectangle.A4.getWidth();
    try (PDPageContentStream s = new PDPageContentStream(doc, page)) {
      // the ticket's frame
      s.setLineWidth(1);
      s.addRect(MARGIN - 12, top - 330, width - 2 * MARGIN + 24, 342);
      s.stroke();
      text(s, font, 22, MARGIN, top - 24, p.event());
      text(s, font, 14, MARGIN, top - 50, p.date());
      text(s, font, 12, MARGIN, top - 70, p.venue());
      float y = top - 120;
      text(s, font, 18, MARGIN, y, p.place());
      text(s, font, 12, MARGIN, y - 26, p.category());
      text(s, font, 12, MARGIN, y - 46, p.tariffAndPrice());
      if (p.beneficiary() != null) {
        text(s, font, 12, MARGIN, y - 72, "Beneficiary: " + p.beneficiary());
      }
      text(s, font, 10, MARGIN, y - 110, "Order " + p.reference());
      text(s, font, 8, MARGIN, y - 124, p.ticketRef());
      qr(s, p.code(), width - MARGIN - QR_SIZE, top - 40 - QR_SIZE, QR_SIZE);
      text(
          s,
          font,
          9,
          MARGIN,
          top - 360,
          "Valid for one entry. The code is checked at the door; a copy does not get in twice.");
    }
  }

  private static void text(
      PDPageContentStream s, PDType0Font font, float size, float x, float y, String value)
      throws IOException {
    s.beginText();
    s.setFont(font, size);
    s.newLineAtOffset(x, y);
    s.showText(printable(font, value));
    s.endText();
  }

  /** The text with any character the font cannot draw replaced by '?'. */
  private static String printable(PDType0Font font, String value) {
    try {
      font.encode(value);
      return value;
    } catch (IllegalArgumentException | IOException missingGlyph) {
      StringBuilder b = new StringBuilder();
      value
          .codePoints()
          .forEach(
              cp -> {
                String one = new String(Character.toChars(cp));
                try {
                  font.encode(one);
                  b.append(one);
                } catch (IllegalArgumentException | IOException e) {
                  b.append('?');
                }
              });
      return b.toString();
    }
  }

  /** The QR code as squares, runs of dark modules of a row merged into one rectangle. */
  private static void qr(PDPageContentStream s, String code, float x, float y, float size)
      throws IOException {
    BitMatrix m = matrix(code);
    float module = size / m.getWidth();
    s.setNonStrokingColor(0f);
    for (int row = 0; row < m.getHeight(); row++) {
      int col = 0;
      while (col < m.getWidth()) {
        if (!m.get(col, row)) {
          col++;
          continue;
        }
        int start = col;
        while (col < m.getWidth() && m.get(col, row)) {
          col++;
        }
        s.addRect(
            x + start * module, y + size - (row + 1) * module, (col - start) * module, module);
      }
    }
    s.fill();
  }

  /** The QR modules of a code: error correction M, a quiet zone of 4 modules. */
  static BitMatrix matrix(String code) {
    try {
      return new QRCodeWriter()
          .encode(
              code,
              com.google.zxing.BarcodeFormat.QR_CODE,
              0,
              0,
              Map.of(
                  EncodeHintType.ERROR_CORRECTION,
                  ErrorCorrectionLevel.M,
                  EncodeHintType.MARGIN,
                  4));
    } catch (WriterException e) {
      throw new IllegalArgumentException("cannot draw a QR code for this code", e);
    }
  }

  private static byte[] resource(String path) {
    try (InputStream in = TicketPdf.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
