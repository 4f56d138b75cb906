package com.bedrockmeter.proxy.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bedrockmeter.model.base.StoreUnavailableException;
import com.bedrockmeter.model.customer.Customer;
import com.bedrockmeter.model.customer.CustomerStatus;
import com.bedrockmeter.model.customer.Limits;
import com.bedrockmeter.model.usage.DynamoUsageRepository;
import com.bedrockmeter.proxy.base.WriteRetries;
import com.bedrockmeter.proxy.testsupport.ScriptedDynamo;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Admission's order of writes and what it gives back, against a {@link ScriptedDynamo} that answers as each test
 * scripts.
 */
class AdmissionTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:15:30Z");

    private static UpdateItemResponse counted(long value) {
        return UpdateItemResponse.builder().attributes(Map.of("requests", AttributeValue.fromN(Long.toString(value)),
                "tokensCommitted", AttributeValue.fromN(Long.toString(value)))).build();
    }

    private final ScriptedDynamo dynamo = new ScriptedDynamo().answering(counted(1));
    private final WriteRetries retries = new WriteRetries();
    private final Admission admission = new Admission(new DynamoUsageRepository(dynamo, "usage"),
            Clock.fixed(NOW, ZoneOffset.UTC), false, retries);

    @AfterEach
    void stopRetries() {
        retries.close();
    }

    @Test
    void admit_givesBackTheMinuteAndTheDay_whenTheMonthlyTokensDoNotFit() {
        // given: minute and day pass, the month refuses
        dynamo.thenApply().thenApply()
                .thenFail(() -> ConditionalCheckFailedException.builder().message("limit").build());

        // when / then
        assertThatThrownBy(() -> admission.admit(acme(new Limits(10L, 5L, 1_000L)), "call-1", 500))
                .isInstanceOf(LimitExceededException.class);
        assertThat(dynamo.sent).extracting(r -> r.key().get("sk").s()).containsExactly(
                "MINUTE#2026-11-29T10:15", "DAY#2026-11-29", "MONTH#2026-11", "DAY#2026-11-29",
                "MINUTE#2026-11-29T10:15");
        // the day's give-back removes the call's marker, and only if it is there
        assertThat(dynamo.sent.get(3).conditionExpression()).isEqualTo("attribute_exists(#m)");
        assertThat(dynamo.sent.get(3).updateExpression()).contains("REMOVE #m");
    }

    @Test
    void admit_givesBackADayWriteWhoseAnswerWasLost_onlyIfItWasApplied() {
        // given: the day's admission times out (applied or not, nobody knows)
        dynamo.thenFail(() -> ApiCallTimeoutException.create(2000));

        // when
        assertThatThrownBy(() -> admission.admit(acme(new Limits(10L, null, null)), "call-2", 100))
                .isInstanceOf(StoreUnavailableException.class);

        // then: the give-back is conditional on the call's marker, so it changes nothing if the write never landed
        assertThat(dynamo.sent).hasSize(2);
        UpdateItemRequest giveBack = dynamo.sent.get(1);
        assertThat(giveBack.conditionExpression()).isEqualTo("attribute_exists(#m)");
        assertThat(giveBack.expressionAttributeNames()).containsEntry("#m", "c#call-2");
    }

    @Test
    void admit_takesARetriedAdmissionThatFindsItsOwnMarker_asAdmitted_notAsOverTheLimit() {
        // given: the condition fails because an earlier attempt of this very call was applied
        dynamo.thenFail(() -> ConditionalCheckFailedException.builder().message("marker present").build());
        dynamo.item = Map.of("requests", AttributeValue.fromN("3"), "c#call-3", AttributeValue.fromS(NOW.toString()));

        // when
        Ticket ticket = admission.admit(acme(new Limits(10L, null, null)), "call-3", 100);

        // then
        assertThat(ticket.countedDaily()).isTrue();
        assertThat(ticket.rateLimit()).hasValueSatisfying(h -> assertThat(h.asMap())
                .containsEntry("X-RateLimit-Remaining", "7"));
    }

    private static Customer acme(Limits limits) {
        return new Customer("c-1", "Acme", "a@acme.example", CustomerStatus.ACTIVE, limits, List.of(), null, NOW);
    }
}
