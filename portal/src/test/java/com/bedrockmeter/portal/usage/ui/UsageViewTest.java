package com.bedrockmeter.portal.usage.ui;

import static com.bedrockmeter.model.usage.DynamoUsageRepository.ERRORS;
import static com.bedrockmeter.model.usage.DynamoUsageRepository.INPUT_TOKENS;
import static com.bedrockmeter.model.usage.DynamoUsageRepository.OUTPUT_TOKENS;
import static com.bedrockmeter.model.usage.DynamoUsageRepository.REQUESTS;
import static com.bedrockmeter.model.usage.DynamoUsageRepository.modelAttribute;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.portal.customer.ui.CustomersView;
import com.bedrockmeter.portal.testsupport.KaribuTest;
import com.bedrockmeter.portal.usage.UsageCsv;
import com.bedrockmeter.model.usage.DynamoUsageRepository;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.server.VaadinSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class UsageViewTest extends KaribuTest {

    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String SONNET = "anthropic.claude-3-sonnet-20240229-v1:0";

    @Autowired DynamoUsageRepository usage;
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);

    @Test
    void grid_showsTheCustomersOwnUsage_perDayAndModel_sortedByDateThenModel() {
        // given: another customer's usage, then Acme's own
        seed(customer("Other").customer().id(), today.minusDays(1), "other-model", 900, 9000, 900, 9);
        String acme = customer("Acme").customer().id();
        seed(acme, today.minusDays(1), SONNET, 1, 100, 10, 0);
        seed(acme, today.minusDays(1), HAIKU, 2, 20, 5, 1);
        seed(acme, today.minusDays(5), SONNET, 1200, 34567, 8901, 3);

        // when
        navigate("usage");

        // then
        assertThat(rows(_get(UsageView.class))).containsExactly(
                List.of(today.minusDays(5).toString(), SONNET, "1,200", "34,567", "8,901", "0", "0", "3"),
                List.of(today.minusDays(1).toString(), HAIKU, "2", "20", "5", "0", "0", "1"),
                List.of(today.minusDays(1).toString(), SONNET, "1", "100", "10", "0", "0", "0"));
    }

    @Test
    void totals_sumTheRowsShown() {
        // given
        String acme = customer("Acme").customer().id();
        seed(acme, today.minusDays(1), HAIKU, 2, 20, 5, 1);
        seed(acme, today.minusDays(5), SONNET, 1200, 34567, 8901, 3);

        // when
        navigate("usage");

        // then
        assertThat(totalsText()).isEqualTo("1,202 calls, 34,587 input tokens, 8,906 output tokens, 4 errors");
    }

    @Test
    void dateFilter_narrowsTheRows_theTotals_andTheCsvFileName() {
        // given
        String acme = customer("Acme").customer().id();
        seed(acme, today.minusDays(1), HAIKU, 2, 20, 5, 1);
        seed(acme, today.minusDays(5), SONNET, 1200, 34567, 8901, 3);
        navigate("usage");
        UsageView view = _get(UsageView.class);

        // when
        view.from.setValue(today.minusDays(2));

        // then
        assertThat(rows(view))
                .containsExactly(List.of(today.minusDays(1).toString(), HAIKU, "2", "20", "5", "0", "0", "1"));
        assertThat(totalsText()).isEqualTo("2 calls, 20 input tokens, 5 output tokens, 1 error");
        assertThat(csvFileName(view)).isEqualTo("usage-" + today.minusDays(2) + "-to-" + today + ".csv");
    }

    @Test
    void rangePicker_refusesAnEndBeforeTheStart_andKeepsTheRowsShown() {
        // given
        seed(customer("Acme").customer().id(), today.minusDays(1), HAIKU, 2, 20, 5, 1);
        navigate("usage");
        UsageView view = _get(UsageView.class);
        String fileName = csvFileName(view);

        // when
        view.to.setValue(view.from.getValue().minusDays(1));

        // then
        assertThat(view.to.isInvalid()).isTrue();
        assertThat(view.to.getErrorMessage()).isEqualTo("The end must be on or after the start");
        assertThat(rows(view)).hasSize(1);
        assertThat(totalsText()).startsWith("2 calls");
        assertThat(csvFileName(view)).isEqualTo(fileName);
    }

    @Test
    void rangePicker_refusesMoreThan366Days_butTakesExactly366() {
        // given
        customer("Acme");
        navigate("usage");
        UsageView view = _get(UsageView.class);

        // when / then
        view.from.setValue(today.minusDays(366));
        assertThat(view.to.isInvalid()).isTrue();
        assertThat(view.to.getErrorMessage()).isEqualTo("Choose at most 366 days");
        view.from.setValue(today.minusDays(365));
        assertThat(view.to.isInvalid()).isFalse();
        assertThat(csvFileName(view)).isEqualTo("usage-" + today.minusDays(365) + "-to-" + today + ".csv");
    }

    @Test
    void csv_holdsTheHeaderAndTheRowsShown_andNoOtherCustomersUsage() throws IOException {
        // given
        seed(customer("Other").customer().id(), today.minusDays(1), "other-model", 900, 9000, 900, 9);
        String acme = customer("Acme").customer().id();
        seed(acme, today.minusDays(1), HAIKU, 2, 20, 5, 1);
        seed(acme, today.minusDays(3), "custom,model", 1, 10, 1, 0);

        // when
        navigate("usage");
        UsageView view = _get(UsageView.class);

        // then
        assertThat(csv(view)).isEqualTo(UsageCsv.HEADER + "\n"
                + today.minusDays(3) + ",\"custom,model\",1,10,1,0,0,0\n"
                + today.minusDays(1) + "," + HAIKU + ",2,20,5,1,0,0\n");
        assertThat(csvFileName(view)).isEqualTo("usage-" + today.minusDays(29) + "-to-" + today + ".csv");
        Anchor download = _get(Anchor.class, spec -> spec.withId("usage-csv"));
        assertThat(download.getHref()).isNotBlank();
        assertThat(download.isDownload()).isTrue();
    }

    @Test
    void emptyRange_showsNoRows_zeroTotals_andAHeaderOnlyCsv() throws IOException {
        // given: usage only before the default 30 days
        seed(customer("Acme").customer().id(), today.minusDays(40), HAIKU, 2, 20, 5, 1);

        // when
        navigate("usage");
        UsageView view = _get(UsageView.class);

        // then
        assertThat(rows(view)).isEmpty();
        assertThat(totalsText()).isEqualTo("0 calls, 0 input tokens, 0 output tokens, 0 errors");
        assertThat(csv(view)).isEqualTo(UsageCsv.HEADER + "\n");
    }

    @Test
    void anonymousVisitor_cannotOpenUsage() {
        navigate("usage");
        assertThat(_find(UsageView.class)).isEmpty();
    }

    @Test
    void personWithoutACustomer_isSentToOnboarding() {
        newPerson();
        navigate("usage");
        assertThat(_find(UsageView.class)).isEmpty();
    }

    @Test
    void adminWithoutACustomer_isSentToTheCustomersList() {
        admin();
        navigate("usage");
        assertThat(_find(UsageView.class)).isEmpty();
        assertThat(_find(CustomersView.class)).hasSize(1);
    }

    private void seed(String customerId, LocalDate date, String model, long requests, long in, long out,
                      long errors) {
        usage.add(customerId, DynamoUsageRepository.day(date), Map.of(REQUESTS, requests, INPUT_TOKENS, in,
                OUTPUT_TOKENS, out, ERRORS, errors, modelAttribute(model, REQUESTS), requests,
                modelAttribute(model, INPUT_TOKENS), in, modelAttribute(model, OUTPUT_TOKENS), out,
                modelAttribute(model, ERRORS), errors));
    }

    private static List<List<String>> rows(UsageView view) {
        return IntStream.range(0, GridKt._size(view.grid)).mapToObj(i -> GridKt._getFormattedRow(view.grid, i))
                .toList();
    }

    private static String totalsText() {
        return _get(Span.class, spec -> spec.withId("usage-totals")).getText();
    }

    @SuppressWarnings("deprecation")
    private static String csv(UsageView view) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        view.csvResource.getWriter().accept(out, VaadinSession.getCurrent());
        return out.toString(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("deprecation")
    private static String csvFileName(UsageView view) {
        return view.csvResource.getName();
    }
}
