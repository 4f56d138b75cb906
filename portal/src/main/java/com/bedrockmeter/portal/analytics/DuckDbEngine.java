package com.bedrockmeter.portal.analytics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * DuckDB (in memory, in this process) over the local usage-event files, {@code <directory>/dt=YYYY-MM-DD/*.jsonl}
 * as the proxy writes them (and {@code *.jsonl.gz}, the layout Firehose writes to S3). A view named
 * {@code usage_events} gives them the Glue table's columns, so the dashboards' SQL runs unchanged. Each query gets
 * its own connection, so queries from several screens run side by side.
 *
 * <p>A line the proxy is still writing is read as a row of nulls ({@code ignore_errors}, as Athena's
 * {@code ignore.malformed.json}), which the dashboards' SQL leaves out; with no event files at all every query
 * answers no rows. Each query's database is capped at {@code memoryLimit}, so several side by side stay bounded.
 */
public class DuckDbEngine implements AnalyticsEngine {

    /** The JSON fields of a usage event and their SQL types; DuckDB matches names case-insensitively. */
    private static final String COLUMNS = "{requestId: 'VARCHAR', timestamp: 'VARCHAR', customerId: 'VARCHAR', "
            + "keyId: 'VARCHAR', modelId: 'VARCHAR', route: 'VARCHAR', status: 'INTEGER', inputTokens: 'BIGINT', "
            + "outputTokens: 'BIGINT', latencyMs: 'BIGINT', errorCode: 'VARCHAR', outcome: 'VARCHAR', "
            + "clientDisconnected: 'BOOLEAN', cacheReadTokens: 'BIGINT', cacheWriteTokens: 'BIGINT', "
            + "firstByteMs: 'BIGINT'}";

    private static final Pattern MEMORY = Pattern.compile("[0-9]{1,6}(KB|MB|GB)");

    private final Path directory;
    private final int threads;
    private final String memoryLimit;

    /**
     * @param directory   the root of the {@code dt=} folders
     * @param threads     DuckDB worker threads per query (at least 1)
     * @param memoryLimit DuckDB's memory per query, e.g. {@code 512MB}
     */
    public DuckDbEngine(Path directory, int threads, String memoryLimit) {
        this.directory = directory.toAbsolutePath().normalize();
        this.threads = Math.max(1, threads);
        if (!MEMORY.matcher(memoryLimit).matches()) {
            throw new IllegalArgumentException("memory limit like 512MB or 1GB, was " + memoryLimit);
        }
        this.memoryLimit = memoryLimit;
    }

    @Override
    public String name() {
        return "DuckDB";
    }

    @Override
    public QueryResult run(String sql, List<String> parameters) {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
            try (Statement setup = connection.createStatement()) {
                setup.execute("SET threads = " + threads);
                setup.execute("SET memory_limit = '" + memoryLimit + "'");
                setup.execute("CREATE VIEW usage_events AS " + source());
            }
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.size(); i++) {
                    statement.setString(i + 1, parameters.get(i));
                }
                try (ResultSet rows = statement.executeQuery()) {
                    return read(rows);
                }
            }
        } catch (SQLException e) {
            throw AnalyticsException.failed(e.getMessage(), e);
        }
    }

    /** The files as a table; an empty table of the same columns while there are none. */
    private String source() {
        List<String> globs = new ArrayList<>();
        for (String extension : List.of("jsonl", "jsonl.gz")) {
            if (anyFile(extension)) {
                globs.add(literal(directory.resolve("dt=*").resolve("*." + extension).toString()));
            }
        }
        if (globs.isEmpty()) {
            return "SELECT * FROM (SELECT NULL::VARCHAR AS requestid, NULL::VARCHAR AS timestamp, "
                    + "NULL::VARCHAR AS customerid, NULL::VARCHAR AS keyid, NULL::VARCHAR AS modelid, "
                    + "NULL::VARCHAR AS route, NULL::INTEGER AS status, NULL::BIGINT AS inputtokens, "
                    + "NULL::BIGINT AS outputtokens, NULL::BIGINT AS latencyms, NULL::VARCHAR AS errorcode, "
                    + "NULL::VARCHAR AS outcome, NULL::BOOLEAN AS clientdisconnected, "
                    + "NULL::BIGINT AS cachereadtokens, NULL::BIGINT AS cachewritetokens, NULL::BIGINT AS firstbytems, "
                    + "NULL::VARCHAR AS dt) WHERE false";
        }
        return "SELECT * FROM read_json([" + String.join(", ", globs) + "], format = 'newline_delimited', "
                + "columns = " + COLUMNS + ", hive_partitioning = true, hive_types = {'dt': VARCHAR}, "
                + "ignore_errors = true)";
    }

    private boolean anyFile(String extension) {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (Stream<Path> days = Files.list(directory)) {
            return days.filter(d -> d.getFileName().toString().startsWith("dt=") && Files.isDirectory(d))
                    .anyMatch(d -> {
                        try (Stream<Path> files = Files.list(d)) {
                            return files.anyMatch(f -> f.getFileName().toString().endsWith("." + extension));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        } catch (IOException | UncheckedIOException e) {
            throw AnalyticsException.failed("cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The directory comes from configuration, not from a user; quoted all the same. */
    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static QueryResult read(ResultSet rows) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(meta.getColumnLabel(i));
        }
        List<List<String>> result = new ArrayList<>();
        while (rows.next()) {
            List<String> row = new ArrayList<>(columns.size());
            for (int i = 1; i <= columns.size(); i++) {
                row.add(rows.getString(i));
            }
            result.add(row);
        }
        return new QueryResult(columns, result);
    }
}
