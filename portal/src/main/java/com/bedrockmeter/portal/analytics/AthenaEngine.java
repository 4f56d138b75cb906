package com.bedrockmeter.portal.analytics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.Row;

/**
 * Athena over the Glue table of the usage events: starts the query in the configured workgroup and database with
 * the parameters as execution parameters, polls until it ends, pages through the results. A failed query surfaces
 * Athena's reason; a cancelled one says so; one whose polling and paging outlast the timeout, or whose thread is
 * interrupted, is stopped.
 *
 * <p>Athena's execution parameters are SQL literals: each is sent as a quoted string, its quotes doubled, so a value
 * never becomes SQL.
 */
public class AthenaEngine implements AnalyticsEngine {

    /** Athena's page size for GetQueryResults. */
    static final int PAGE = 1000;

    private final AthenaClient athena;
    private final String workgroup;
    private final String database;
    private final Duration pollInterval;
    private final Duration timeout;
    private final Sleeper sleeper;

    /** Waits between polls; a test passes one that does not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public AthenaEngine(AthenaClient athena, String workgroup, String database, Duration pollInterval,
            Duration timeout, Sleeper sleeper) {
        this.athena = athena;
        this.workgroup = workgroup;
        this.database = database;
        this.pollInterval = pollInterval;
        this.timeout = timeout;
        this.sleeper = sleeper;
    }

    @Override
    public String name() {
        return "Athena";
    }

    @Override
    public QueryResult run(String sql, List<String> parameters) {
        try {
            String id = athena.startQueryExecution(r -> {
                r.queryString(sql).workGroup(workgroup).queryExecutionContext(c -> c.database(database));
                if (!parameters.isEmpty()) {
                    r.executionParameters(parameters.stream().map(AthenaEngine::literal).toList());
                }
            }).queryExecutionId();
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                awaitSuccess(id, deadline);
                return results(id, deadline);
            } catch (SdkException e) {
                stop(id);
                throw e;
            }
        } catch (SdkException e) {
            throw AnalyticsException.failed(e.getMessage(), e);
        }
    }

    /** Best effort: a query left running keeps scanning (and costing) until Athena ends it. */
    private void stop(String id) {
        try {
            athena.stopQueryExecution(r -> r.queryExecutionId(id));
        } catch (SdkException e) {
            // already ended, or Athena unreachable: nothing more to do
        }
    }

    private AnalyticsException timedOut(String id) {
        stop(id);
        return new AnalyticsException("analytics_query_timeout", "The usage query took longer than "
                + timeout.toSeconds() + " s and was stopped (query " + id + ")", null);
    }

    private void awaitSuccess(String id, long deadline) {
        while (true) {
            QueryExecution execution = athena.getQueryExecution(r -> r.queryExecutionId(id)).queryExecution();
            QueryExecutionState state = execution.status().state();
            String reason = execution.status().stateChangeReason();
            switch (state) {
                case SUCCEEDED:
                    return;
                case FAILED:
                    throw AnalyticsException.failed(reason == null ? "Athena gave no reason (query " + id + ")"
                            : reason, null);
                case CANCELLED:
                    throw new AnalyticsException("analytics_query_cancelled", "The usage query was cancelled"
                            + (reason == null ? "" : ": " + reason) + " (query " + id + ")", null);
                default:
                    break;
            }
            if (System.nanoTime() > deadline) {
                throw timedOut(id);
            }
            try {
                sleeper.sleep(pollInterval);
            } catch (InterruptedException e) {
                // stop first: the SDK refuses to send anything from a thread whose interrupt flag is set
                stop(id);
                Thread.currentThread().interrupt();
                throw new AnalyticsException("analytics_query_cancelled", "The usage query was interrupted", e);
            }
        }
    }

    private QueryResult results(String id, long deadline) {
        List<String> columns = null;
        List<List<String>> rows = new ArrayList<>();
        String next = null;
        boolean first = true;
        do {
            String token = next;
            GetQueryResultsResponse page = athena.getQueryResults(r -> r.queryExecutionId(id).maxResults(PAGE)
                    .nextToken(token));
            if (columns == null) {
                columns = page.resultSet().resultSetMetadata().columnInfo().stream().map(ColumnInfo::name).toList();
            }
            List<Row> pageRows = page.resultSet().rows();
            // the first row of the first page repeats the column names
            for (Row row : first && !pageRows.isEmpty() ? pageRows.subList(1, pageRows.size()) : pageRows) {
                rows.add(row.data().stream().map(Datum::varCharValue).toList());
            }
            first = false;
            next = page.nextToken();
            if (next != null && System.nanoTime() > deadline) {
                throw timedOut(id);
            }
        } while (next != null);
        return new QueryResult(columns, rows);
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
