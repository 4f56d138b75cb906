package com.bedrockmeter.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.model.audit.DynamoAuditLogRepository;
import com.bedrockmeter.model.billing.DynamoBillingRepository;
import com.bedrockmeter.model.customer.DynamoApiKeyRepository;
import com.bedrockmeter.model.customer.DynamoCustomerRepository;
import com.bedrockmeter.model.customer.DynamoSubjectBindingRepository;
import com.bedrockmeter.proxy.invoke.InferenceProfileRoutes;
import com.bedrockmeter.proxy.invoke.InvokeRoutes;
import com.bedrockmeter.proxy.openai.OpenAiRoutes;
import com.bedrockmeter.proxy.snapstart.Readiness;
import com.bedrockmeter.model.usage.DynamoUsageRepository;
import com.bedrockmeter.model.usage.UsageEvent;
import com.bedrockmeter.proxy.base.RequestPathPermissions;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/**
 * infra-sam/template.yaml declares exactly the tables the code uses, routes every proxy route, and describes the
 * usage events as the proxy writes them.
 */
class InfraTemplateTest {

    private static Map<String, Object> resources;
    private static Map<String, Object> parameters;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parseTemplate() throws IOException {
        try (Reader reader = Files.newBufferedReader(Path.of("../../infra-sam/template.yaml"))) {
            Map<String, Object> template = new Yaml(new CloudFormationTags()).load(reader);
            resources = (Map<String, Object>) template.get("Resources");
            parameters = (Map<String, Object>) template.get("Parameters");
        }
    }

    @Test
    void tables_haveTheKeySchemasAndIndexesOfTheCode() {
        assertSameTable("CustomersTable", DynamoCustomerRepository.tableDefinition("x"));
        assertSameTable("ApiKeysTable", DynamoApiKeyRepository.tableDefinition("x"));
        assertSameTable("UsageTable", DynamoUsageRepository.tableDefinition("x"));
        assertSameTable("PortalUsersTable", DynamoSubjectBindingRepository.tableDefinition("x"));
        assertSameTable("AuditLogTable", DynamoAuditLogRepository.tableDefinition("x"));
        assertSameTable("BillingTable", DynamoBillingRepository.tableDefinition("x"));
    }

    @Test
    void tablesWhoseItemsExpire_haveTimeToLiveOnTheAttributeTheCodeWrites() {
        for (String table : List.of("ApiKeysTable", "UsageTable")) {
            Map<String, Object> ttl = map(properties(table).get("TimeToLiveSpecification"));
            assertThat(ttl).containsEntry("AttributeName", "ttl").containsEntry("Enabled", true);
        }
    }

    @Test
    void api_routesEveryInvokeRouteOfTheProxy() {
        Set<String> buffered = routes("ProxyFunction");
        Set<String> streamed = routes("ProxyStreamFunction");
        Set<String> codePaths = new TreeSet<>();
        InvokeRoutes.ROUTES.forEach(route -> codePaths.add("POST " + route));
        codePaths.add("GET " + InferenceProfileRoutes.ROUTE);
        codePaths.add("POST " + OpenAiRoutes.CHAT_ROUTE);
        codePaths.add("GET " + OpenAiRoutes.MODELS_ROUTE);
        codePaths.add("POST " + OpenAiRoutes.EMBEDDINGS_ROUTE);
        Set<String> templatePaths = new TreeSet<>(buffered);
        templatePaths.addAll(streamed);
        assertThat(codePaths).isNotEmpty();
        assertThat(templatePaths).isEqualTo(codePaths);
        // the routes that can stream (event streams, OpenAI's server-sent events), and only they, on the streaming
        // function
        assertThat(streamed).isEqualTo(codePaths.stream()
                .filter(route -> route.endsWith("-stream") || route.endsWith(OpenAiRoutes.CHAT_ROUTE))
                .collect(Collectors.toCollection(TreeSet::new)));
        assertThat(buffered).doesNotContainAnyElementsOf(streamed);
        // the streaming route's answer is binary: API Gateway must decode what the function base64-encodes
        assertThat(list(properties("ProxyApi").get("BinaryMediaTypes")))
                .containsExactly("application~1vnd.amazon.eventstream");
    }

    @Test
    void everyDefaultAllowedModel_hasAnArnTheRoleMayInvoke_andTheFunctionGetsTheList() {
        List<String> models = List.of(map(parameters.get("AllowedModels")).get("Default").toString().split(","));
        List<String> arns = List.of(map(parameters.get("AllowedModelArns")).get("Default").toString().split(","));
        assertThat(models).isNotEmpty().allSatisfy(model -> assertThat(arns).as(model).anyMatch(arn ->
                arn.endsWith(model.matches("(us|eu|apac|global)\\..*") ? ":inference-profile/" + model
                        : "::foundation-model/" + model)));
        Map<String, Object> environment = map(map(properties("ProxyFunction").get("Environment")).get("Variables"));
        assertThat(environment).containsKey("BEDROCK_METER_REQUESTS_ALLOWED_MODELS");
    }

    @Test
    void proxyRole_grantsExactlyTheDynamoDbActionsTheRequestPathCalls() {
        Map<String, String> tableResources = Map.of("customers", "CustomersTable.Arn", "apiKeys", "ApiKeysTable.Arn",
                "usage", "UsageTable.Arn");
        Map<String, Set<String>> granted = new TreeMap<>();
        for (Object statement : list(map(list(properties("ProxyFunction").get("Policies")).get(0)).get("Statement"))) {
            Map<String, Object> grant = map(statement);
            List<String> actions = list(grant.get("Action")).stream().map(Object::toString).toList();
            if (actions.stream().noneMatch(a -> a.startsWith("dynamodb:"))) {
                continue;
            }
            Object resource = grant.get("Resource");
            assertThat(resource).as("one table per statement, no index").isInstanceOf(String.class);
            String table = tableResources.entrySet().stream().filter(t -> resource.toString().contains(t.getValue()))
                    .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("grant on " + resource));
            actions.forEach(a -> granted.computeIfAbsent(table, t -> new TreeSet<>())
                    .add(a.substring("dynamodb:".length())));
        }
        assertThat(granted).isEqualTo(new TreeMap<>(RequestPathPermissions.DYNAMODB));
    }

    @Test
    void proxy_hasReservedConcurrency_andAPerClientAddressRateRuleOnItsApi() {
        assertThat(properties("ProxyFunction").get("ReservedConcurrentExecutions").toString())
                .contains("ProxyReservedConcurrency");
        Map<String, Object> rule = map(list(properties("ProxyApiWebAcl").get("Rules")).get(0));
        assertThat(map(rule.get("Action"))).containsKey("Block");
        assertThat(map(map(rule.get("Statement")).get("RateBasedStatement"))).containsEntry("AggregateKeyType", "IP");
        assertThat(properties("ProxyApiWebAclAssociation").get("ResourceArn").toString()).contains("${ProxyApi}");
    }

    @Test
    void portalRole_mayOnlyAppendToAndReadTheAuditLog() {
        List<Object> statements = list(map(properties("PortalAccessPolicy").get("PolicyDocument")).get("Statement"));
        Set<String> auditActions = new TreeSet<>();
        for (Object statement : statements) {
            Map<String, Object> grant = map(statement);
            Object resource = grant.get("Resource");
            if (resource.toString().contains("AuditLogTable")) {
                list(grant.get("Action")).forEach(action -> auditActions.add(action.toString()));
            }
        }
        assertThat(auditActions).containsExactlyInAnyOrder("dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:Query");
    }

    @Test
    void streamFunction_runsTheProxyUnderTheWebAdapter_streamingThroughApiGateway_asTheBufferedOneDoes() {
        Map<String, Object> stream = properties("ProxyStreamFunction");
        Map<String, Object> buffered = properties("ProxyFunction");
        Map<String, Object> variables = map(map(stream.get("Environment")).get("Variables"));
        Map<String, Object> bufferedVariables = map(map(buffered.get("Environment")).get("Variables"));
        // the adapter: its layer, its wrapper, response streaming, run.sh from the stream zip, ready after priming
        assertThat(list(stream.get("Layers"))).singleElement().asString()
                .contains(":753240598075:layer:LambdaAdapterLayerX86:${WebAdapterLayerVersion}");
        assertThat(stream.get("Handler")).isEqualTo("run.sh");
        assertThat(stream.get("CodeUri").toString()).endsWith("-lambda-stream.zip");
        assertThat(variables).containsEntry("AWS_LAMBDA_EXEC_WRAPPER", "/opt/bootstrap")
                .containsEntry("AWS_LWA_INVOKE_MODE", "response_stream")
                .containsEntry("AWS_LWA_PORT", "8080")
                .containsEntry("AWS_LWA_READINESS_CHECK_PATH", Readiness.ROUTE)
                .containsEntry("AWS_LWA_READINESS_CHECK_HEALTHY_STATUS", "200")
                .containsEntry("BEDROCK_METER_SNAP_START_PRIME_BEFORE_READY", "true")
                // written before the invocation ends: no background flush in a process Lambda freezes
                .containsEntry("BEDROCK_METER_USAGE_COUNTER_FLUSH_INTERVAL", "0");
        assertThat(map(stream.get("SnapStart"))).containsEntry("ApplyOn", "PublishedVersions");
        assertThat(map(stream.get("LoggingConfig")).get("LogGroup").toString()).contains("ProxyLogGroup");
        // the same settings, tables and IAM as the buffered function, but for its own Bedrock timeout
        bufferedVariables.forEach((name, value) -> {
            if (!name.equals("BEDROCK_METER_BEDROCK_TIMEOUT")) {
                assertThat(variables).as(name).containsEntry(name, value);
            }
        });
        assertThat(stream.get("Policies")).isEqualTo(buffered.get("Policies"));
        assertThat(stream.get("Runtime")).isEqualTo(buffered.get("Runtime"));
        // timeouts: the streamed answer's bound below the function's, and the function's within API Gateway's
        long functionSeconds = Long.parseLong(stream.get("Timeout").toString());
        long streamMax = Long.parseLong(map(parameters.get("StreamBedrockTimeout")).get("MaxValue").toString());
        long streamDefault = Long.parseLong(map(parameters.get("StreamBedrockTimeout")).get("Default").toString());
        assertThat(variables.get("BEDROCK_METER_BEDROCK_TIMEOUT").toString()).contains("${StreamBedrockTimeout}s");
        assertThat(streamDefault).isLessThanOrEqualTo(streamMax);
        assertThat(functionSeconds).isGreaterThanOrEqualTo(streamMax + 10).isLessThanOrEqualTo(900);
        map(stream.get("Events")).forEach((name, event) -> {
            Map<String, Object> props = map(map(event).get("Properties"));
            assertThat(props).as(name).containsEntry("ResponseTransferMode", "RESPONSE_STREAM");
            assertThat(Long.parseLong(props.get("TimeoutInMillis").toString())).as(name)
                    .isGreaterThanOrEqualTo(functionSeconds * 1000).isLessThanOrEqualTo(900_000);
        });
    }

    @Test
    void bedrockTimeout_staysBelowTheApiIntegrationTimeout_andTheFunctionTimeoutAboveIt() {
        long bedrockMaxSeconds = Long.parseLong(map(parameters.get("BedrockTimeout")).get("MaxValue").toString());
        long bedrockDefault = Long.parseLong(map(parameters.get("BedrockTimeout")).get("Default").toString());
        long functionMinSeconds = Long.parseLong(map(parameters.get("ProxyTimeout")).get("MinValue").toString());
        assertThat(bedrockDefault).isLessThanOrEqualTo(bedrockMaxSeconds);
        assertThat(functionMinSeconds).isGreaterThan(bedrockMaxSeconds);
        Map<String, Object> events = map(properties("ProxyFunction").get("Events"));
        assertThat(events).isNotEmpty();
        events.forEach((name, event) -> {
            Object timeout = map(map(event).get("Properties")).get("TimeoutInMillis");
            assertThat(timeout).as(name + " TimeoutInMillis").isNotNull();
            assertThat(Long.parseLong(timeout.toString())).as(name).isGreaterThan(bedrockMaxSeconds * 1000)
                    .isLessThanOrEqualTo(29_000);
        });
        Map<String, Object> variables = map(map(properties("ProxyFunction").get("Environment")).get("Variables"));
        assertThat(variables.get("BEDROCK_METER_BEDROCK_TIMEOUT").toString()).contains("${BedrockTimeout}s");
    }

    @Test
    void usageEventsTable_hasOneColumnOfTheMatchingTypePerUsageEventField() {
        Map<String, Object> tableInput = map(properties("UsageEventsTable").get("TableInput"));
        List<String> columns = list(map(tableInput.get("StorageDescriptor")).get("Columns")).stream()
                .map(InfraTemplateTest::map).map(column -> column.get("Name") + ":" + column.get("Type")).toList();
        // Glue keeps column names lower-case; Jackson writes an Instant as ISO-8601 text.
        Map<Class<?>, String> glueTypes = Map.of(String.class, "string", Instant.class, "string", int.class, "int",
                long.class, "bigint", Long.class, "bigint", Boolean.class, "boolean");
        List<String> fields = Arrays.stream(UsageEvent.class.getRecordComponents())
                .map(field -> field.getName().toLowerCase(Locale.ROOT) + ":" + glueTypes.get(field.getType()))
                .toList();
        assertThat(columns).containsExactlyElementsOf(fields);
        assertThat(attributes(tableInput.get("PartitionKeys"), "Name", "Type")).isEqualTo(Set.of("dt:string"));
    }

    private static void assertSameTable(String resource, CreateTableRequest code) {
        Map<String, Object> table = properties(resource);
        assertThat(table.get("BillingMode")).isEqualTo("PAY_PER_REQUEST");
        assertThat(attributes(table.get("AttributeDefinitions"), "AttributeName", "AttributeType"))
                .as(resource + " attribute definitions")
                .isEqualTo(code.attributeDefinitions().stream()
                        .map(a -> a.attributeName() + ":" + a.attributeTypeAsString()).collect(Collectors.toSet()));
        assertThat(attributes(table.get("KeySchema"), "AttributeName", "KeyType")).as(resource + " key schema")
                .isEqualTo(code.keySchema().stream().map(k -> k.attributeName() + ":" + k.keyTypeAsString())
                        .collect(Collectors.toSet()));
        List<Object> indexes = table.get("GlobalSecondaryIndexes") == null ? List.of()
                : list(table.get("GlobalSecondaryIndexes"));
        assertThat(indexes).as(resource + " indexes").hasSize(code.globalSecondaryIndexes().size());
        for (var index : code.globalSecondaryIndexes()) {
            Map<String, Object> declared = indexes.stream().map(InfraTemplateTest::map)
                    .filter(i -> index.indexName().equals(i.get("IndexName"))).findFirst().orElseThrow();
            assertThat(attributes(declared.get("KeySchema"), "AttributeName", "KeyType"))
                    .isEqualTo(index.keySchema().stream().map(k -> k.attributeName() + ":" + k.keyTypeAsString())
                            .collect(Collectors.toSet()));
            assertThat(map(declared.get("Projection")).get("ProjectionType"))
                    .isEqualTo(index.projection().projectionTypeAsString());
        }
    }

    private static Set<String> attributes(Object list, String name, String type) {
        return list(list).stream().map(InfraTemplateTest::map).map(a -> a.get(name) + ":" + a.get(type))
                .collect(Collectors.toSet());
    }

    /** "METHOD /path" of each Api event of a function. */
    private static Set<String> routes(String function) {
        Set<String> routes = new TreeSet<>();
        map(properties(function).get("Events")).values().forEach(event -> {
            Map<String, Object> props = map(map(event).get("Properties"));
            routes.add(props.get("Method").toString().toUpperCase() + " " + props.get("Path"));
        });
        return routes;
    }

    private static Map<String, Object> properties(String resource) {
        return map(map(resources.get(resource)).get("Properties"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }

    /** Reads CloudFormation's short-form tags (!Ref, !Sub, !GetAtt, …) as plain text. */
    private static final class CloudFormationTags extends SafeConstructor {
        CloudFormationTags() {
            super(new LoaderOptions());
            for (String tag : List.of("!Ref", "!Sub", "!GetAtt", "!If", "!Equals", "!Not", "!Join", "!Select",
                    "!Split", "!FindInMap", "!GetAZs", "!ImportValue", "!And", "!Or", "!Condition", "!Base64",
                    "!Cidr", "!Transform")) {
                yamlConstructors.put(new Tag(tag), new AbstractConstruct() {
                    @Override
                    public Object construct(Node node) {
                        return tag + " " + node;
                    }
                });
            }
        }
    }
}
