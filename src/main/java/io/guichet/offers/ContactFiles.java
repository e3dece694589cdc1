package io.guichet.offers;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * Contacts to and from files: CSV import (Apache Commons CSV: a header line, then one contact a
 * line; columns email, firstName, lastName, type, origin, country, postalCode, language, optIn, and
 * {@code indicator:CODE} for an indicator's level), and export as CSV or XLSX (Apache POI's
 * streaming workbook). Blocking: run on a worker thread.
 */
public final class ContactFiles {
  static final List<String> COLUMNS =
      List.of(
          "contactNumber",
          "type",
          "origin",
          "email",
          "firstName",
          "lastName",
          "country",
          "postalCode",
          "language",
          "optIn",
          "hasAccount");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}");

  private ContactFiles() {}

  /** A line of an import that was refused, and why. */
  public record LineError(long line, String message) {}

  /** What an import file holds: its good rows and its refused lines. */
  public record Parsed(List<io.guichet.store.ContactStore.Imported> rows, List<LineError> errors) {}

  /** Reads an import file; a line that breaks a rule is refused alone. */
  public static Parsed parse(String csv, Map<String, List<String>> indicators) {
    List<io.guichet.store.ContactStore.Imported> rows = new ArrayList<>();
    List<LineError> errors = new ArrayList<>();
    CSVFormat format =
        CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
    try (Reader in = new StringReader(csv)) {
      for (CSVRecord r : format.parse(in)) {
        try {
          rows.add(row(r, indicators));
        } catch (IllegalArgumentException e) {
          errors.add(new LineError(r.getRecordNumber() + 1, e.getMessage()));
        }
      }
    } catch (IOException | UncheckedIOException e) {
      errors.add(new LineError(0, "not a CSV file: " + e.getMessage()));
    }
    return new Parsed(rows, errors);
  }

  private static io.guichet.store.ContactStore.Imported row(
      CSVRecord r, Map<String, List<String>> indicators) {
    JsonObject c = new JsonObject();
    String lastName = value(r, "lastName");
    if (lastName == null) {
      throw new IllegalArgumentException("lastName is required");
    }
    c.put("lastName", lastName).put("firstName", value(r, "firstName"));
    String email = value(r, "email");
    if (email != null && !EMAIL.matcher(email).matches()) {
      throw new IllegalArgumentException("not an e-mail address: " + email);
    }
    c.put("email", email);
    String type = value(r, "type");
    if (type != null && !type.equals("INDIVIDUAL") && !type.equals("ORGANISATION")) {
      throw new IllegalArgumentException("type is INDIVIDUAL or ORGANISATION");
    }
    c.put("type", type == null ? "INDIVIDUAL" : type);
    c.put("origin", value(r, "origin") == null ? "IMPORT" : value(r, "origin"));
    String country = value(r, "country");
    if (country != null && !COUNTRY.matcher(country).matches()) {
      throw new IllegalArgumentException("country is an ISO 3166 code of two capital letters");
    }
    c.put("country", country).put("postalCode", value(r, "postalCode"));
    String language = value(r, "language");
    if (language != null && !LANGUAGE.matcher(language).matches()) {
      throw new IllegalArgumentException("language is an ISO 639 code of two letters");
    }
    c.put("language", language);
    String optIn = value(r, "optIn");
    c.put("optIn", optIn != null && (optIn.equalsIgnoreCase("true") || optIn.equals("1")));
    Map<String, String> levels = new HashMap<>();
    r.toMap()
        .forEach(
            (column, level) -> {
              if (column.startsWith("indicator:") && level != null && !level.isBlank()) {
                String code = column.substring("indicator:".length());
                List<String> known = indicators.get(code);
                if (known == null || !known.contains(level.strip())) {
                  throw new IllegalArgumentException(
                      "indicator " + code + " has no level " + level.strip());
                }
                levels.put(code, level.strip());
              }
            });
    return new io.guichet.store.ContactStore.Imported(c, levels);
  }

  private static String value(CSVRecord r, String column) {
    if (!r.isMapped(column) || !r.isSet(column)) {
      return null;
    }
    String v = r.get(column);
    if (v.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(column + " holds U+0000");
    }
    return v.isBlank() ? null : v;
  }

  /** Contacts as CSV, with their indicators' levels in {@code indicator:CODE} columns. */
  public static String csv(List<JsonObject> contacts, List<String> indicatorCodes) {
    StringWriter out = new StringWriter();
    List<String> header = new ArrayList<>(COLUMNS);
    indicatorCodes.forEach(c -> header.add("indicator:" + c));
    try (CSVPrinter printer =
        new CSVPrinter(
            out, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).get())) {
      for (JsonObject c : contacts) {
        printer.printRecord(values(c, indicatorCodes));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Contacts as an XLSX workbook of one sheet. */
  public static byte[] xlsx(List<JsonObject> contacts, List<String> indicatorCodes) {
    try (SXSSFWorkbook book = new SXSSFWorkbook(500);
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      Sheet sheet = book.createSheet("Contacts");
      List<String> header = new ArrayList<>(COLUMNS);
      indicatorCodes.forEach(c -> header.add("indicator:" + c));
      Row top = sheet.createRow(0);
      for (int i = 0; i < header.size(); i++) {
        top.createCell(i).setCellValue(header.get(i));
      }
      int n = 1;
      for (JsonObject c : contacts) {
        Row row = sheet.createRow(n++);
        List<Object> values = values(c, indicatorCodes);
        for (int i = 0; i < values.size(); i++) {
          Object v = values.get(i);
          if (v instanceof Number num) {
            row.createCell(i).setCellValue(num.doubleValue());
          } else if (v instanceof Boolean b) {
            row.createCell(i).setCellValue(b);
          } else if (v != null) {
            row.createCell(i).setCellValue(v.toString());
          }
        }
      }
      book.write(out);
      book.dispose();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Object> values(JsonObject c, List<String> indicatorCodes) {
    List<Object> values = new ArrayList<>();
    for (String column : COLUMNS) {
      values.add(c.getValue(column));
    }
    JsonObject levels = c.getJsonObject("indicators", new JsonObject());
    indicatorCodes.forEach(code -> values.add(levels.getString(code)));
    return values;
  }

  /** The export's format from its query parameter. */
  public static String format(String asked) {
    String f = asked == null ? "csv" : asked.toLowerCase(Locale.ROOT);
    if (!f.equals("csv") && !f.equals("xlsx")) {
      throw io.guichet.domain.DomainException.invalid("format is csv or xlsx");
    }
    return f;
  }
}
