package io.guichet.http;

import io.guichet.domain.report.Table;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * A report's table as a file: CSV (RFC 4180, a text a spreadsheet would read as a formula gets a
 * leading apostrophe) or an XLSX workbook of one sheet (Apache POI's streaming writer), both from
 * the same rows. Written on a worker thread: a workbook of 100,000 rows takes a few hundred ms.
 */
final class ReportFiles {
  static final String CSV = "text/csv; charset=utf-8";
  static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  private ReportFiles() {}

  static String csv(Table table) {
    StringBuilder out = new StringBuilder(64 + table.rows().size() * 64);
    line(out, List.copyOf(table.columns()));
    for (List<Object> row : table.rows()) {
      line(out, row);
    }
    return out.toString();
  }

  private static void line(StringBuilder out, List<?> values) {
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      Object v = values.get(i);
      if (v instanceof Number || v instanceof Boolean) {
        out.append(v);
      } else {
        WaitlistAdminHandlers.csv(out, v == null ? null : v.toString());
      }
    }
    out.append("\r\n");
  }

  static byte[] xlsx(Table table) {
    try (SXSSFWorkbook book = new SXSSFWorkbook(500);
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      Sheet sheet = book.createSheet(table.title());
      Row top = sheet.createRow(0);
      for (int i = 0; i < table.columns().size(); i++) {
        top.createCell(i).setCellValue(table.columns().get(i));
      }
      int n = 1;
      for (List<Object> values : table.rows()) {
        Row row = sheet.createRow(n++);
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
}
