package com.bedrockmeter.portal.base.ui.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the chart sends to the browser. */
class ApexChartTest {

    private static final String NAME = "<img src=x onerror=\"alert('x')\"> & Co";
    private static final String ESCAPED = "&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt; &amp; Co";

    @Test
    void configJson_sendsEveryTextHtmlEscaped_whenTextsHoldMarkup() throws Exception {
        // given
        ApexChart chart = new ApexChart(ChartType.BAR).setTitle(NAME).setCategories(List.of(NAME))
                .setSeries(List.of(new ChartSeries(NAME, List.of(1)))).setYAxis(NAME, 0).setNoDataText(NAME);

        // when
        JsonNode config = new ObjectMapper().readTree(chart.configJson());

        // then: each text in the five forms apex-chart.ts reads back, and nothing of it as markup
        assertThat(config.at("/title/text").asText()).isEqualTo(ESCAPED);
        assertThat(config.at("/xaxis/categories/0").asText()).isEqualTo(ESCAPED);
        assertThat(config.at("/series/0/name").asText()).isEqualTo(ESCAPED);
        assertThat(config.at("/yaxis/title/text").asText()).isEqualTo(ESCAPED);
        assertThat(config.at("/noData/text").asText()).isEqualTo(ESCAPED);
        assertThat(chart.configJson()).doesNotContain("<").doesNotContain(">");
    }

    @Test
    void getters_returnTheTextsAsGiven() {
        ApexChart chart = new ApexChart(ChartType.LINE).setCategories(List.of(NAME))
                .setSeries(List.of(new ChartSeries(NAME, List.of(1))));

        assertThat(chart.categories()).containsExactly(NAME);
        assertThat(chart.series().get(0).name()).isEqualTo(NAME);
    }
}
