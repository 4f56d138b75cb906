package com.bedrockmeter.portal.base.ui.chart;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;
import elemental.json.Json;
import java.util.List;
import org.springframework.web.util.HtmlUtils;

/**
 * A typed server-side API for the {@code <apex-chart>} web component ({@code frontend/apex-chart.ts}) on the npm
 * {@code apexcharts} package: chart type, series, categories, stacking, axis formatting and theme colours. Every
 * change sends the whole ApexCharts options object to the browser, which re-renders the chart.
 * <p>
 * Texts (title, categories, series names, axis title, the no-data text) often come from people: customer and model
 * names. ApexCharts writes some of them into the page as markup (legend, tooltip), so every text leaves here
 * HTML-escaped, and {@code apex-chart.ts} escapes again wherever ApexCharts writes markup (after reading this escaping
 * back, so that a name shows as typed) and reads it back where ApexCharts writes plain text (SVG labels). Either
 * layer alone keeps a name from becoming markup. The getters return the texts as given.
 */
@Tag("apex-chart")
@NpmPackage(value = "apexcharts", version = "7.9.1")
@JsModule("./apex-chart.ts")
public class ApexChart extends Component implements HasSize {

    /** Lumo's palette, resolved in the browser, so charts follow the theme. */
    public static final List<String> THEME_COLORS = List.of("var(--lumo-primary-color)",
            "var(--lumo-success-color)", "var(--lumo-error-color)", "var(--lumo-warning-color, #ffa600)",
            "var(--lumo-contrast-60pct)", "var(--lumo-primary-color-50pct)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChartType type;
    private String title = "";
    private List<String> categories = List.of();
    private List<ChartSeries> series = List.of();
    private boolean stacked;
    private String yAxisTitle = "";
    private int yAxisDecimals;
    private List<String> colors = THEME_COLORS;
    private int heightPx = 300;
    private String noDataText = "No calls in this range";

    public ApexChart(ChartType type) {
        this.type = type;
        setWidthFull();
        push();
    }

    public ApexChart setTitle(String title) {
        this.title = title;
        return push();
    }

    public ApexChart setCategories(List<String> categories) {
        this.categories = List.copyOf(categories);
        return push();
    }

    public ApexChart setSeries(List<ChartSeries> series) {
        this.series = List.copyOf(series);
        return push();
    }

    public ApexChart setStacked(boolean stacked) {
        this.stacked = stacked;
        return push();
    }

    /** Y-axis title and how many decimals its labels show (0 for counts). */
    public ApexChart setYAxis(String title, int decimals) {
        this.yAxisTitle = title;
        this.yAxisDecimals = decimals;
        return push();
    }

    /** Colours: CSS colours or {@code var(--lumo-…)} theme properties. */
    public ApexChart setColors(List<String> colors) {
        this.colors = List.copyOf(colors);
        return push();
    }

    /** What the chart says when it has no data. */
    public ApexChart setNoDataText(String text) {
        noDataText = text;
        return push();
    }

    public ApexChart setChartHeight(int pixels) {
        this.heightPx = pixels;
        return push();
    }

    public List<ChartSeries> series() {
        return series;
    }

    public List<String> categories() {
        return categories;
    }

    /** The ApexCharts options as sent to the browser. */
    public String configJson() {
        ObjectNode config = JSON.createObjectNode();
        ObjectNode chart = config.putObject("chart");
        chart.put("type", type.apexName).put("height", heightPx).put("stacked", stacked);
        chart.putObject("animations").put("enabled", false);
        chart.putObject("toolbar").put("show", false);
        config.putObject("title").put("text", html(title));
        ArrayNode categoryNode = config.putObject("xaxis").putArray("categories");
        categories.forEach(c -> categoryNode.add(html(c)));
        ObjectNode yaxis = config.putObject("yaxis");
        yaxis.putObject("title").put("text", html(yAxisTitle));
        yaxis.put("decimalsInFloat", yAxisDecimals);
        yaxis.put("min", 0);
        if (yAxisDecimals == 0) {
            // whole-number ticks: a scale whose step is a whole number
            long top = Math.max(1, largestValue());
            long step = top <= 5 ? 1 : (top + 4) / 5;
            yaxis.put("max", step * Math.min(5, top <= 5 ? top : 5)).put("tickAmount", top <= 5 ? top : 5);
        }
        ArrayNode seriesNode = config.putArray("series");
        series.forEach(s -> seriesNode.addObject().put("name", html(s.name())).set("data", JSON.valueToTree(s.data())));
        config.set("colors", JSON.valueToTree(colors));
        config.putObject("dataLabels").put("enabled", false);
        config.putObject("legend").put("position", "bottom");
        config.putObject("noData").put("text", html(noDataText));
        return config.toString();
    }

    /** {@code & < > " '} as entities: the five forms {@code apex-chart.ts} reads back. */
    static String html(String text) {
        return text == null ? "" : HtmlUtils.htmlEscape(text, "UTF-8");
    }

    /** The tallest bar: the largest per-category sum when stacked, else the largest value. */
    private long largestValue() {
        long largest = 0;
        int points = series.stream().mapToInt(s -> s.data().size()).max().orElse(0);
        for (int i = 0; i < points; i++) {
            long sum = 0;
            for (ChartSeries s : series) {
                long value = i < s.data().size() ? (long) Math.ceil(s.data().get(i).doubleValue()) : 0;
                sum = stacked ? sum + value : Math.max(sum, value);
            }
            largest = Math.max(largest, sum);
        }
        return largest;
    }

    private ApexChart push() {
        getElement().setPropertyJson("config", Json.parse(configJson()));
        return this;
    }
}
