package com.bedrockmeter.portal.audit.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.portal.apikey.ApiKeyPortalService;
import com.bedrockmeter.portal.shell.AccessDeniedView;
import com.bedrockmeter.portal.customer.CustomerAdminService;
import com.bedrockmeter.portal.testsupport.KaribuTest;
import com.bedrockmeter.model.audit.AuditEvent;
import com.bedrockmeter.model.customer.CustomerService.CreatedCustomer;
import com.bedrockmeter.model.customer.Limits;
import com.github.mvysny.kaributesting.v10.GridKt;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class AuditLogViewTest extends KaribuTest {

    @Autowired ApiKeyPortalService keys;
    @Autowired CustomerAdminService admin;

    @Test
    void auditLog_recordsKeyAndAdminActions_withWhoWhatAndBeforeAfter() {
        // given: a customer rotates a key, an admin changes their limits and suspends them
        CreatedCustomer acme = customer("Acme Audit");
        String id = acme.customer().id();
        keys.rotate(id, Duration.ofHours(1));
        admin();
        admin.updateLimitsAndModels(id, new Limits(5L, null, null), List.of());
        admin.suspend(id);

        // when
        navigate("admin/audit");
        AuditLogView view = _get(AuditLogView.class);
        view.customer.setValue(id);

        // then
        List<AuditEvent> events = rows(view);
        assertThat(events).extracting(AuditEvent::action)
                .containsExactly("customer.suspend", "customer.limits", "key.rotate", "customer.onboard");
        AuditEvent limits = events.get(1);
        // before: what a new customer gets (the operator's new-customer limits)
        assertThat(limits.before()).contains("daily=" + acme.customer().limits().dailyRequests());
        assertThat(limits.after()).contains("daily=5");
        assertThat(events.get(2).actor()).isEqualTo(acme.customer().email());
        assertThat(events.get(0).actor()).startsWith("admin-");
        assertThat(events).allSatisfy(e -> assertThat(e.after()).doesNotContain(acme.token().token()));

        // and the actor filter narrows to one person
        view.actor.setValue(acme.customer().email());
        assertThat(rows(view)).extracting(AuditEvent::action).containsExactly("key.rotate", "customer.onboard");
    }

    @Test
    void reversedDates_areRefusedOnTheField() {
        admin();
        navigate("admin/audit");
        AuditLogView view = _get(AuditLogView.class);
        view.to.setValue(view.from.getValue().minusDays(1));
        assertThat(view.to.isInvalid()).isTrue();
    }

    @Test
    void customer_isDeniedTheAuditLog() {
        customer("Nosy");
        navigate("admin/audit");
        assertThat(_find(AuditLogView.class)).isEmpty();
        assertThat(_find(AccessDeniedView.class)).hasSize(1);
    }

    private static List<AuditEvent> rows(AuditLogView view) {
        int size = GridKt._size(view.grid.getDataProvider(), null);
        return IntStream.range(0, size).mapToObj(i -> GridKt._get(view.grid, i)).toList();
    }
}
