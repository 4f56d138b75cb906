package com.bedrockmeter.portal.analytics;

import java.util.List;

/**
 * Runs one SQL query over the usage events, a table named {@code usage_events} with the columns of the Glue table
 * (requestid, timestamp, customerid, keyid, modelid, route, status, inputtokens, outputtokens, latencyms, errorcode,
 * and the partition dt, a 'YYYY-MM-DD' string). Athena in AWS, DuckDB over the local files: the SQL is the same.
 */
public interface AnalyticsEngine {

    /**
     * @param sql        the query, with a {@code ?} for each parameter
     * @param parameters the values of the {@code ?}s, in order: bound by the engine, never pasted into the SQL text
     * @return every row, each value as text (null for SQL NULL)
     * @throws AnalyticsException when the query fails, is cancelled or takes too long
     */
    QueryResult run(String sql, List<String> parameters);

    /** For the screen: "DuckDB" or "Athena". */
    String name();
}
