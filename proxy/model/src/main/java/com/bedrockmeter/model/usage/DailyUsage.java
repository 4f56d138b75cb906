package com.bedrockmeter.model.usage;

import java.time.LocalDate;
import java.util.Map;

/** One customer's usage on one UTC day, in all and per model. */
public record DailyUsage(LocalDate date, UsageTotals totals, Map<String, UsageTotals> byModel) {
    public DailyUsage {
        byModel = Map.copyOf(byModel);
    }
}
