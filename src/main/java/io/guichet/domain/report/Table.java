package io.guichet.domain.report;

import java.util.List;

/**
 * A report as a sheet: its title, column names and rows of values (text, whole numbers, booleans or
 * null). The CSV and XLSX files of a report are written from the same table, so they always agree.
 */
public record Table(String title, List<String> columns, List<List<Object>> rows) {
  public Table {
    for (List<Object> row : rows) {
      if (row.size() != columns.size()) {
        throw new IllegalArgumentException("a row has one value per column");
      }
    }
  }
}
