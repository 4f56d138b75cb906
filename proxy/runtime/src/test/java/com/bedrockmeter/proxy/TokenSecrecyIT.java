package com.bedrockmeter.proxy;

import com.bedrockmeter.model.config.ModelProperties;
import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.model.customer.ApiKeyService;
import com.bedrockmeter.model.customer.CustomerService;
import com.bedrockmeter.model.customer.CustomerService.CreatedCustomer;
import com.bedrockmeter.model.customer.Tokens;
import com.bedrockmeter.model.usage.UsageEventSink;
import com.bedrockmeter.model.testsupport.Customers;
import com.bedrockmeter.proxy.testsupport.ProxyClient;
import com.bedrockmeter.proxy.testsupport.ProxyTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A plaintext token appears nowhere we write: not in any table, not in the usage events, not in the logs. */
@ProxyTest
@ExtendWith(OutputCaptureExtension.class)
class TokenSecrecyIT {

    @Autowired ProxyClient proxy;
    @Autowired CustomerService customers;
    @Autowired ApiKeyService keys;
    @Autowired DynamoDbClient dynamo;
    @Autowired UsageEventSink events;
    @Autowired ModelProperties properties;

    @Test
    void plaintextTokens_appearInNoTableEventOrLog(CapturedOutput output) throws IOException {
        // given: tokens that went through every path — issue, use, rotate, a refused call, revoke
        CreatedCustomer acme = Customers.acme(customers);
        String first = acme.token().token();
        proxy.bedrock(first, ProxyClient.guideBody("secret-scan"));
        String rotated = keys.rotateKey("test", acme.customer().id(), Optional.empty(), Duration.ofHours(1)).token().token();
        proxy.bedrock(rotated, ProxyClient.guideBody("secret-scan"));
        proxy.bedrock(rotated, "{broken json");
        keys.revokeAll("test", acme.customer().id());
        events.flush();

        // when
        List<String> everythingWritten = new ArrayList<>();
        for (String table : List.of(properties.tables().customers(), properties.tables().apiKeys(),
                properties.tables().usage())) {
            dynamo.scanPaginator(r -> r.tableName(table)).items().forEach(item -> everythingWritten.add(item.toString()));
        }
        try (Stream<Path> files = Files.walk(properties.usage().directory())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                everythingWritten.add(Files.readString(file));
            }
        }
        everythingWritten.add(output.getAll());

        // then
        String all = String.join("\n", everythingWritten);
        assertThat(all).contains(Tokens.hash(first)).contains(acme.customer().id());
        for (String token : List.of(first, rotated)) {
            assertThat(all).doesNotContain(token);
            assertThat(all).doesNotContain(token.substring(Tokens.PREFIX.length()));
        }
    }
}
