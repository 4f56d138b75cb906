package com.bedrockmeter.portal.analytics;

import java.util.List;

/** A query's column names and rows, every value as text (null for SQL NULL). */
public record QueryResult(List<String> columns, List<List<String>> rows) {

    public QueryResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }
}
