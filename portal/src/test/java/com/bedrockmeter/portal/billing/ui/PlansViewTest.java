package com.bedrockmeter.portal.billing.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.portal.shell.AccessDeniedView;
import com.bedrockmeter.portal.testsupport.KaribuTest;
import com.bedrockmeter.model.audit.AuditLog;
import com.bedrockmeter.model.audit.AuditQuery;
import com.bedrockmeter.model.billing.BillingRuns;
import com.bedrockmeter.model.billing.Invoices;
import com.bedrockmeter.model.billing.PlanCatalogue;
import com.bedrockmeter.model.billing.Money;
import com.bedrockmeter.model.billing.Plan;
import com.bedrockmeter.model.billing.SubscriptionOverage;
import com.bedrockmeter.model.billing.Tier;
import com.bedrockmeter.model.billing.TierMode;
import com.bedrockmeter.model.billing.Tiered;
import com.bedrockmeter.model.billing.TokenPrice;
import com.github.mvysny.kaributesting.v10.GridKt;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class PlansViewTest extends KaribuTest {

    @Autowired PlanCatalogue catalogue;
    @Autowired BillingRuns billing;
    @Autowired Invoices invoices;
    @Autowired AuditLog audit;

    @Test
    void admin_createsATieredPlan_andEditsItIntoASubscription() {
        // given
        String id = "plan-" + UUID.randomUUID().toString().substring(0, 8);
        admin();
        navigate("admin/plans");
        PlansView view = _get(PlansView.class);
        PlanForm form = view.planForm;

        // when: a volume-tiered plan
        form.id.setValue(id);
        form.name.setValue("Volume");
        form.pricing.setValue(PlanForm.Pricing.VOLUME);
        form.tiers.setValue("10000:0.01,100000:0.008,*:0.005");
        form.save.click();

        // then
        assertThat(plan(id).callPricing()).isEqualTo(new Tiered(List.of(Tier.upTo(10_000, Money.usd("0.01")),
                Tier.upTo(100_000, Money.usd("0.008")), Tier.beyond(Money.usd("0.005"))), TierMode.VOLUME));
        assertThat(GridKt._findAll(view.plans)).extracting(Plan::id).contains(id);

        // when: picked from the grid and changed into a subscription that charges tokens
        form.edit(plan(id));
        assertThat(form.tiers.getValue()).isEqualTo("10000:0.01,100000:0.008,*:0.005");
        form.pricing.setValue(PlanForm.Pricing.SUBSCRIPTION);
        form.monthlyFee.setValue(new BigDecimal("49.00"));
        form.included.setValue(new BigDecimal("1000000"));
        form.unit.setValue(SubscriptionOverage.Unit.TOKENS);
        form.overagePrice.setValue(new BigDecimal("0.000004"));
        form.chargeTokens.setValue(true);
        form.save.click();

        // then
        Plan edited = plan(id);
        assertThat(edited.callPricing()).isEqualTo(new SubscriptionOverage(Money.usd("49.00"), 1_000_000,
                SubscriptionOverage.Unit.TOKENS, Money.usd("0.000004")));
        assertThat(edited.chargeTokens()).isTrue();
        assertThat(audit.search(new AuditQuery(audit.today(), audit.today(), null, null))).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("plan.save");
            assertThat(e.after()).contains(id, "subscription");
        });
    }

    @Test
    void planForm_showsWhatIsWrong_andSavesNothing_whenTiersOrAmountsAreInvalid() {
        // given
        String id = "bad-" + UUID.randomUUID().toString().substring(0, 8);
        admin();
        navigate("admin/plans");
        PlanForm form = _get(PlansView.class).planForm;
        form.id.setValue(id);
        form.name.setValue("Bad");

        // when / then: tiers not ascending
        form.pricing.setValue(PlanForm.Pricing.GRADUATED);
        form.tiers.setValue("100000:0.01,10000:0.008,*:0.005");
        form.save.click();
        assertThat(form.tiers.isInvalid()).isTrue();
        assertThat(form.tiers.getErrorMessage()).contains("ascending");

        // when / then: a negative price per call
        form.pricing.setValue(PlanForm.Pricing.PAY_PER_REQUEST);
        form.pricePerCall.setValue(new BigDecimal("-0.01"));
        form.save.click();
        assertThat(form.pricePerCall.isInvalid()).isTrue();

        // when / then: an id the store refuses
        form.id.setValue("no spaces allowed");
        form.pricePerCall.setValue(new BigDecimal("0.01"));
        form.save.click();
        assertThat(form.id.isInvalid()).isTrue();
        assertThat(form.id.getErrorMessage()).contains("plan id");

        assertThat(catalogue.plans()).noneMatch(p -> p.id().equals(id) || p.id().equals("no spaces allowed"));
    }

    @Test
    void admin_setsATokenPriceAsAMarkupOnBedrocksCost() {
        // given
        String model = "test.markup-" + UUID.randomUUID().toString().substring(0, 8);
        admin();
        navigate("admin/plans");
        PlansView view = _get(PlansView.class);
        TokenPriceForm form = view.priceForm;

        // when: Bedrock's cost 3.00 / 15.00 per million, plus 20 %
        form.model.setValue(model);
        form.from.setValue(LocalDate.of(2026, 11, 1));
        form.input.setValue(new BigDecimal("3.00"));
        form.output.setValue(new BigDecimal("15.00"));
        form.markup.setValue(new BigDecimal("20"));
        form.save.click();

        // then: 3.00 × 1.2 = 3.6, 15.00 × 1.2 = 18.0, exactly; cache prices at Claude's ratios of the input
        TokenPrice price = catalogue.priceBook().priceOn(model, LocalDate.of(2026, 11, 15)).orElseThrow();
        assertThat(price.inputPerMillion()).isEqualTo(Money.usd("3.60"));
        assertThat(price.outputPerMillion()).isEqualTo(Money.usd("18.00"));
        assertThat(price.cacheReadPerMillion()).isEqualTo(Money.usd("0.36"));
        assertThat(price.cacheWritePerMillion()).isEqualTo(Money.usd("4.50"));
        assertThat(GridKt._findAll(view.prices)).extracting(TokenPrice::modelId).contains(model);
    }

    @Test
    void admin_setsCachePricesOfTheirOwn_bothOrNeither() {
        // given
        String model = "test.cache-" + UUID.randomUUID().toString().substring(0, 8);
        admin();
        navigate("admin/plans");
        TokenPriceForm form = _get(PlansView.class).priceForm;
        form.model.setValue(model);
        form.from.setValue(LocalDate.of(2026, 11, 1));
        form.input.setValue(new BigDecimal("3.00"));
        form.output.setValue(new BigDecimal("15.00"));

        // when: only the cache-read price
        form.cacheRead.setValue(new BigDecimal("0.25"));
        form.save.click();

        // then: refused, nothing stored
        assertThat(form.cacheWrite.isInvalid()).isTrue();
        assertThat(catalogue.priceBook().priceOn(model, LocalDate.of(2026, 11, 15))).isEmpty();

        // when: both
        form.cacheWrite.setValue(new BigDecimal("4.00"));
        form.save.click();

        // then
        TokenPrice price = catalogue.priceBook().priceOn(model, LocalDate.of(2026, 11, 15)).orElseThrow();
        assertThat(price.cacheReadPerMillion()).isEqualTo(Money.usd("0.25"));
        assertThat(price.cacheWritePerMillion()).isEqualTo(Money.usd("4.00"));
    }

    @Test
    void tokenPriceForm_refusesAMissingOrMalformedModelOrANegativeAmount() {
        admin();
        navigate("admin/plans");
        TokenPriceForm form = _get(PlansView.class).priceForm;
        int before = catalogue.priceBook().prices().size();

        form.input.setValue(new BigDecimal("-1"));
        form.output.setValue(new BigDecimal("1"));
        form.save.click();

        assertThat(form.model.isInvalid()).isTrue();
        assertThat(form.input.isInvalid()).isTrue();

        form.model.setValue("anthropic claude (pasted with spaces)");
        form.input.setValue(new BigDecimal("1"));
        form.save.click();

        assertThat(form.model.isInvalid()).isTrue();
        assertThat(form.model.getErrorMessage()).contains("as Bedrock spells it");
        assertThat(catalogue.priceBook().prices()).hasSize(before);
    }

    @Test
    void customer_isDeniedPlans() {
        customer("Nosy");
        navigate("admin/plans");
        assertThat(_find(PlansView.class)).isEmpty();
        assertThat(_find(AccessDeniedView.class)).hasSize(1);
    }

    private Plan plan(String id) {
        return catalogue.plans().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }
}
