package com.bedrockmeter.portal.analytics;

import com.bedrockmeter.model.usage.FileUsageEventSink;
import com.bedrockmeter.model.usage.UsageEvent;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Generated usage events for the analytics tests and benchmark, written by the proxy's own
 * {@link FileUsageEventSink} with the proxy's JSON settings, so the files are what the proxy writes. Deterministic
 * for a seed; day by day; a few customers make most of the calls (as in real traffic); about 3 % of calls fail at Bedrock (throttled or erroring).
 */
public final class SyntheticUsage {

    static final List<String> MODELS = List.of("anthropic.claude-3-haiku-20240307-v1:0",
            "anthropic.claude-3-sonnet-20240229-v1:0", "anthropic.claude-3-5-sonnet-20240620-v1:0");
    private static final int FLUSH_EVERY = 100_000;

    private SyntheticUsage() {
    }

    /** The proxy's JSON for usage events (Spring Boot's defaults plus {@code non_null}). */
    public static ObjectMapper json() {
        return JsonMapper.builder().findAndAddModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .serializationInclusion(JsonInclude.Include.NON_NULL).build();
    }

    /** The id of generated customer {@code n}. */
    public static String customerId(long seed, int n) {
        return new UUID(seed, n).toString();
    }

    /** {@code count} events spread evenly over {@code days} days from {@code firstDay}, in memory (tests). */
    public static List<UsageEvent> events(long seed, int count, int customers, LocalDate firstDay, int days) {
        List<UsageEvent> events = new ArrayList<>(count);
        generate(seed, count, customers, firstDay, days, events::add);
        return events;
    }

    /** The same events as {@link #events}, written under {@code directory} in the dt= layout (the benchmark). */
    public static void write(Path directory, long seed, long count, int customers, LocalDate firstDay, int days) {
        FileUsageEventSink sink = new FileUsageEventSink(json(), directory);
        try {
            long[] written = {0};
            generate(seed, count, customers, firstDay, days, event -> {
                sink.publish(event);
                if (++written[0] % FLUSH_EVERY == 0) {
                    sink.flush();
                }
            });
            sink.flush();
        } finally {
            sink.close();
        }
    }

    private static void generate(long seed, long count, int customers, LocalDate firstDay, int days,
                                 Consumer<UsageEvent> out) {
        SplittableRandom random = new SplittableRandom(seed);
        long emitted = 0;
        for (int d = 0; d < days; d++) {
            long todays = (count * (d + 1)) / days - emitted;
            long dayStart = firstDay.plusDays(d).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            for (long i = 0; i < todays; i++) {
                double skew = random.nextDouble();
                int customer = (int) (customers * skew * skew * skew);
                String model = MODELS.get(random.nextInt(MODELS.size()));
                int roll = random.nextInt(100);
                int status = roll < 2 ? 429 : roll < 3 ? 502 : 200;
                String error = status == 429 ? "bedrock_throttled" : status == 502 ? "bedrock_unavailable" : null;
                long input = status == 200 ? 10 + random.nextInt(2_000) : 0;
                long output = status == 200 ? 1 + random.nextInt(800) : 0;
                boolean cached = status == 200 && random.nextInt(4) == 0; // a quarter of answers use the cache
                long cacheRead = cached ? random.nextInt(4_000) : 0;
                long cacheWrite = cached ? random.nextInt(1_000) : 0;
                out.accept(new UsageEvent(new UUID(seed ^ d, i).toString(),
                        Instant.ofEpochMilli(dayStart + random.nextLong(86_400_000L)), customerId(seed, customer),
                        "key_" + Integer.toHexString(customer), model, "/bedrock", status, input, output,
                        20 + random.nextInt(900), error,
                        status == 200 ? UsageEvent.ANSWERED : UsageEvent.FAILED, // both errors are Bedrock's
                        null, cacheRead, cacheWrite, null));
            }
            emitted += todays;
        }
    }
}
