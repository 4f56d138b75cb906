package com.bedrockmeter.proxy.metering;

import com.bedrockmeter.model.usage.DynamoUsageRepository;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bedrockmeter.proxy.base.StoreHealth;
import com.bedrockmeter.model.base.StoreUnavailableException;
import com.bedrockmeter.proxy.testsupport.ScriptedDynamo;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * The counter buffer's write discipline, against a {@link ScriptedDynamo} that answers each UpdateItem as scripted
 * (applied, applied but the answer lost, refused for good): the tests read what was sent.
 */
class CounterBufferTest {

    private static final String DAY = "DAY#2026-11-29";

    private final ScriptedDynamo dynamo = new ScriptedDynamo();
    private final CounterBuffer buffer = new CounterBuffer(new DynamoUsageRepository(dynamo, "usage"),
            Duration.ofHours(1), StoreHealth.ALWAYS_UP); // flushed by hand

    @Test
    void flush_retriesAWriteWhoseAnswerWasLost_withTheSameSequence_andHoldsLaterAdditionsBehindIt() {
        // given: a write applied whose answer never came
        buffer.add("c1", DAY, Map.of("requests", 2L));
        dynamo.thenFail(() -> ApiCallTimeoutException.create(2000));
        assertThatThrownBy(buffer::flush).isInstanceOf(StoreUnavailableException.class);

        // when: more arrives, and the store answers again
        buffer.add("c1", DAY, Map.of("requests", 3L));
        buffer.flush();

        // then: the same write went again with its own sequence, then the new addition with a later one
        assertThat(dynamo.sent).hasSize(3);
        assertThat(dynamo.sequence(1)).isEqualTo(dynamo.sequence(0));
        assertThat(dynamo.delta(1, "requests")).isEqualTo("2");
        assertThat(Long.parseLong(dynamo.sequence(2))).isGreaterThan(Long.parseLong(dynamo.sequence(1)));
        assertThat(dynamo.delta(2, "requests")).isEqualTo("3");
        assertThat(dynamo.sent).allSatisfy(r -> assertThat(r.conditionExpression())
                .isEqualTo("attribute_not_exists(#w) OR #w < :seq"));
        assertThat(buffer.unresolvedWrites()).isZero();
    }

    @Test
    void flush_mergesAdditionsThatWaitBehindAnUnresolvedWrite_intoOneWrite() {
        // given: the head write fails twice while two more additions arrive
        buffer.add("c1", DAY, Map.of("inputTokens", 10L));
        dynamo.thenFail(() -> ApiCallTimeoutException.create(2000));
        assertThatThrownBy(buffer::flush).isInstanceOf(StoreUnavailableException.class);
        buffer.add("c1", DAY, Map.of("inputTokens", 5L));
        dynamo.thenFail(() -> ApiCallTimeoutException.create(2000));
        assertThatThrownBy(buffer::flush).isInstanceOf(StoreUnavailableException.class);
        buffer.add("c1", DAY, Map.of("inputTokens", 7L));

        // when
        buffer.flush();

        // then: the head went three times as it was; what waited behind it went once, merged
        assertThat(dynamo.sent).extracting(r -> r.expressionAttributeValues().get(":seq").n())
                .containsExactly(dynamo.sequence(0), dynamo.sequence(0), dynamo.sequence(0), dynamo.sequence(3));
        assertThat(dynamo.delta(3, "inputTokens")).isEqualTo("12");
    }

    @Test
    void flush_dropsAWriteTheStoreRefusesForGood_andGoesOnWithTheItem() {
        // given: an item the store will never take (e.g. over 400 KB)
        buffer.add("c1", DAY, Map.of("requests", 1L));
        dynamo.thenFail(() -> DynamoDbException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ValidationException").build()).build());

        // when
        buffer.flush();
        buffer.add("c1", DAY, Map.of("requests", 1L));
        buffer.flush();

        // then: no endless retry, no failure reported as the store being down; the next addition went
        assertThat(dynamo.sent).hasSize(2);
        assertThat(buffer.unresolvedWrites()).isZero();
    }

    @Test
    void add_withoutInterval_writesAtOnce_andAWriteThatFailedGoesFirstAtTheNextCall() {
        // given: Lambda's unbuffered mode
        CounterBuffer direct = new CounterBuffer(new DynamoUsageRepository(dynamo, "usage"), Duration.ZERO,
                StoreHealth.ALWAYS_UP);
        dynamo.thenFail(() -> ApiCallTimeoutException.create(2000));
        assertThatThrownBy(() -> direct.add("c1", DAY, Map.of("requests", 1L)))
                .isInstanceOf(StoreUnavailableException.class);

        // when: the next call's addition
        direct.add("c1", DAY, Map.of("requests", 4L));

        // then: the failed write again (same sequence), then the new one
        assertThat(dynamo.sent).hasSize(3);
        assertThat(dynamo.sequence(1)).isEqualTo(dynamo.sequence(0));
        assertThat(dynamo.delta(2, "requests")).isEqualTo("4");
        assertThat(direct.unresolvedWrites()).isZero();
    }

    @Test
    void renewWriterId_givesAClonedProcessItsOwnWriterAttribute() {
        // given
        buffer.add("c1", DAY, Map.of("requests", 1L));
        buffer.flush();

        // when: as after a SnapStart restore
        buffer.renewWriterId();
        buffer.add("c1", DAY, Map.of("requests", 1L));
        buffer.flush();

        // then
        assertThat(dynamo.sent.get(1).expressionAttributeNames().get("#w"))
                .isNotEqualTo(dynamo.sent.get(0).expressionAttributeNames().get("#w"));
    }
}
