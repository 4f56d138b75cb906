package com.bedrockmeter.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bedrockmeter.model.base.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing and value checks: no store involved. */
class AdminCliTest {

    @Test
    void parse_acceptsBothFlagForms_andJsonAnywhere() {
        // when
        CliArguments parsed = CliArguments.parse(
                new String[] {"--json", "create", "--name", "Acme", "--email=ops@acme.example"});

        // then
        assertThat(parsed.command()).isEqualTo(CliCommand.CREATE);
        assertThat(parsed.json()).isTrue();
        assertThat(parsed.flags()).containsExactly(Map.entry("name", "Acme"), Map.entry("email", "ops@acme.example"));
    }

    @Test
    void parse_keepsNegativeNumbersAsValues() {
        // when
        CliArguments parsed = CliArguments.parse(
                new String[] {"update-limits", "--customer-id", "x", "--daily-limit", "-5"});

        // then the value reaches the value check (exit 1), it is no usage error
        assertThat(parsed.flag("daily-limit")).isEqualTo("-5");
    }

    @Test
    void parse_refusesUsageErrors() {
        // given / when / then
        assertThatThrownBy(() -> CliArguments.parse(new String[] {"nope"}))
                .isInstanceOf(CliUsageException.class).hasMessageContaining("unknown command 'nope'");
        assertThatThrownBy(() -> CliArguments.parse(new String[] {"list", "--name", "x"}))
                .isInstanceOf(CliUsageException.class).hasMessageContaining("unknown flag --name");
        assertThatThrownBy(() -> CliArguments.parse(new String[] {"create", "--name", "x"}))
                .isInstanceOf(CliUsageException.class).hasMessageContaining("needs --email");
        assertThatThrownBy(() -> CliArguments.parse(new String[] {"create", "--email", "e", "--name"}))
                .isInstanceOf(CliUsageException.class).hasMessageContaining("--name needs a value");
        assertThatThrownBy(() -> CliArguments.parse(new String[] {"create", "--name", "a", "--name", "b"}))
                .isInstanceOf(CliUsageException.class).hasMessageContaining("more than once");
        assertThatThrownBy(() -> CliArguments.parse(new String[] {"keys", "--customer-id", "x", "stray"}))
                .isInstanceOf(CliUsageException.class).hasMessageContaining("unexpected argument 'stray'");
    }

    @Test
    void run_returnsUsageCodes_withoutTouchingAStore() {
        // given an endpoint nothing listens on: any store access would fail with 1
        Map<String, String> env = Map.of("BEDROCK_METER_DYNAMODB_ENDPOINT", "http://127.0.0.1:9");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);

        // when / then
        assertThat(AdminCli.run(new String[0], o, e, env)).isEqualTo(2);
        assertThat(AdminCli.run(new String[] {"help"}, o, e, env)).isZero();
        assertThat(AdminCli.run(new String[] {"list", "--help"}, o, e, env)).isZero();
        assertThat(AdminCli.run(new String[] {"list", "--bogus", "1"}, o, e, env)).isEqualTo(2);
        assertThat(AdminCli.run(new String[] {"list"}, o, e, Map.of("BEDROCK_METER_MODE", "cloud"))).isEqualTo(2);
        assertThat(AdminCli.run(new String[] {"update-limits", "--customer-id", "x", "--daily-limit", "-1"},
                o, e, env)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("error: --daily-limit");
    }

    @Test
    void parse_suggestsTheFlagOrCommandMeant_forATypo() {
        assertThatThrownBy(() -> CliArguments.parse(new String[] {"create", "--nmae", "x", "--email", "e"}))
                .isInstanceOf(CliUsageException.class).hasMessageContaining("unknown flag --nmae")
                .hasMessageContaining("did you mean --name");
        assertThatThrownBy(() -> CliArguments.parse(new String[] {"billing"}))
                .isInstanceOf(CliUsageException.class).hasMessageContaining("did you mean billing-run");
        assertThatThrownBy(() -> CliArguments.parse(new String[] {"create", "--name", "--email", "e"}))
                .isInstanceOf(CliUsageException.class).hasMessageContaining("--name needs a value");
    }

    @Test
    void parse_acceptsASwitchAloneOrWithAValue() {
        assertThat(CliArguments.parse(new String[] {"reconcile", "--start-date", "2026-01-01", "--end-date",
                "2026-01-31", "--repair"}).flag("repair")).isEqualTo("true");
        assertThat(CliArguments.parse(new String[] {"reconcile", "--start-date", "2026-01-01", "--end-date",
                "2026-01-31", "--repair=false"}).flag("repair")).isEqualTo("false");
    }

    @Test
    void helpOfACommand_listsItsFlags_andCompletionCoversEveryCommandAndFlag() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        assertThat(AdminCli.run(new String[] {"help", "plan-assign"}, o, e, Map.of())).isZero();
        String help = out.toString(StandardCharsets.UTF_8);
        assertThat(help).contains("plan-assign --customer-id ID --plan-id ID --from YYYY-MM-DD")
                .contains("--customer-id=CUSTOMER_ID").contains("--plan-id=PLAN_ID").contains("--from=FROM")
                .doesNotContain("--name");

        out.reset();
        assertThat(AdminCli.run(new String[] {"completion"}, o, e, Map.of())).isZero();
        String script = out.toString(StandardCharsets.UTF_8);
        for (CliCommand command : CliCommand.values()) {
            assertThat(script).contains(command.commandName());
            command.flags().forEach(flag -> assertThat(script).contains("--" + flag));
        }
        assertThat(script).contains("complete -F");
    }

    @Test
    void dates_parseStrictly_andRangesAreChecked() {
        // given / when / then
        assertThat(CliValues.date("start-date", "2024-02-29")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThatThrownBy(() -> CliValues.date("start-date", "2023-02-29"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("--start-date");
        assertThatThrownBy(() -> CliValues.date("end-date", "2023-4-1"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("--end-date");
        CliValues.dateRange(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31));
        assertThatThrownBy(() -> CliValues.dateRange(LocalDate.of(2023, 1, 1), LocalDate.of(2024, 1, 2)))
                .hasMessageContaining("at most 366");
        assertThatThrownBy(() -> CliValues.dateRange(LocalDate.of(2023, 1, 2), LocalDate.of(2023, 1, 1)))
                .hasMessage("--end-date 2023-01-01 is before --start-date 2023-01-02");
    }

    @Test
    void limits_acceptIntegersAndUnlimited_only() {
        // given / when / then
        assertThat(CliValues.limit("daily-limit", "1000")).isEqualTo(1000L);
        assertThat(CliValues.limit("daily-limit", "0")).isZero();
        assertThat(CliValues.limit("daily-limit", "unlimited")).isNull();
        assertThat(CliValues.limit("daily-limit", "NONE")).isNull();
        for (String bad : new String[] {"-5", "1.5", "ten", "", "99999999999999999999", "1000000000001"}) {
            assertThatThrownBy(() -> CliValues.limit("rpm-limit", bad))
                    .as(bad).isInstanceOf(InvalidInputException.class).hasMessageContaining("--rpm-limit");
        }
    }

    @Test
    void gracePeriods_acceptShortAndIsoForms() {
        // given / when / then
        assertThat(CliValues.gracePeriod("grace-period", "24h")).isEqualTo(Duration.ofHours(24));
        assertThat(CliValues.gracePeriod("grace-period", "30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(CliValues.gracePeriod("grace-period", "90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(CliValues.gracePeriod("grace-period", "2d")).isEqualTo(Duration.ofDays(2));
        assertThat(CliValues.gracePeriod("grace-period", "0")).isZero();
        assertThat(CliValues.gracePeriod("grace-period", "PT24H")).isEqualTo(Duration.ofHours(24));
        for (String bad : new String[] {"-1h", "-PT1H", "soon", "31d", "24", "1w"}) {
            assertThatThrownBy(() -> CliValues.gracePeriod("grace-period", bad))
                    .as(bad).isInstanceOf(InvalidInputException.class).hasMessageContaining("--grace-period");
        }
        assertThat(CliValues.human(Duration.ofMinutes(90))).isEqualTo("1h 30m");
        assertThat(CliValues.human(Duration.ofHours(24))).isEqualTo("24h");
        assertThat(CliValues.human(Duration.ofDays(2))).isEqualTo("2d");
        assertThat(CliValues.human(Duration.ofSeconds(90))).isEqualTo("1m 30s");
    }

    @Test
    void tokens_weakOnesAreRefused_withoutEchoingThem() {
        // given / when / then
        assertThatThrownBy(() -> CliValues.token("token", "password123"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("--token:")
                .hasMessageNotContaining("password123");
        assertThat(CliValues.token("token", null)).isEmpty();
    }
}
