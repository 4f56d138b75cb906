package com.bedrockmeter.local.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** What one simulator's prompt cache reads and writes, over time. */
class PromptCacheTest {

    private static final String SONNET = "anthropic.claude-sonnet-4-6";

    private final SettableClock clock = new SettableClock();
    private final PromptCache cache = new PromptCache(clock);

    /** A system prompt of {@code systemTokens} words with a cache point after it, then a user message. */
    private static CachePrefix systemCached(String system, int systemTokens, Duration ttl) {
        PromptTally tally = new PromptTally();
        tally.block("system", TextNode.valueOf(system), systemTokens);
        tally.cachePoint(ttl);
        tally.message("user");
        tally.block("messages", TextNode.valueOf("hello"), 1);
        return tally.prefix();
    }

    @Test
    void use_writesThePrefix_thenReadsIt_untilItsTtlRunsOut() {
        // given
        CachePrefix prefix = systemCached("a long system prompt", 1500, PromptCache.DEFAULT_TTL);

        // when / then
        assertThat(cache.use(SONNET, prefix)).isEqualTo(new PromptCache.Use(0, 1500));
        clock.advance(Duration.ofMinutes(4));
        assertThat(cache.use(SONNET, prefix)).isEqualTo(new PromptCache.Use(1500, 0));
        clock.advance(Duration.ofMinutes(5).plusMillis(1));
        assertThat(cache.use(SONNET, prefix)).isEqualTo(new PromptCache.Use(0, 1500));
    }

    @Test
    void use_refreshesTheTtl_onEveryHit() {
        // given
        CachePrefix prefix = systemCached("a long system prompt", 1500, PromptCache.DEFAULT_TTL);
        cache.use(SONNET, prefix);

        // when: a hit every 4 minutes, 12 minutes in all
        clock.advance(Duration.ofMinutes(4));
        cache.use(SONNET, prefix);
        clock.advance(Duration.ofMinutes(4));
        cache.use(SONNET, prefix);
        clock.advance(Duration.ofMinutes(4));

        // then
        assertThat(cache.use(SONNET, prefix).readTokens()).isEqualTo(1500);
    }

    @Test
    void use_keepsAnHourLongCachePoint_pastFiveMinutes() {
        CachePrefix prefix = systemCached("a long system prompt", 1500, Duration.ofHours(1));
        cache.use(SONNET, prefix);

        clock.advance(Duration.ofMinutes(59));

        assertThat(cache.use(SONNET, prefix).readTokens()).isEqualTo(1500);
    }

    @Test
    void use_readsTheLongestPrefixItHolds_andWritesTheRest_whenTheCachePointMovesOn() {
        // given: turn 1 cached its system prompt; turn 2 marks a cache point after its message instead
        cache.use(SONNET, systemCached("a long system prompt", 1500, PromptCache.DEFAULT_TTL));
        PromptTally turn2 = new PromptTally();
        turn2.block("system", TextNode.valueOf("a long system prompt"), 1500);
        turn2.message("user");
        turn2.block("messages", TextNode.valueOf("hello there"), 2);
        turn2.cachePoint(PromptCache.DEFAULT_TTL);

        // when
        PromptCache.Use use = cache.use(SONNET, turn2.prefix());

        // then: the system prompt is read, the message (8 + 2 tokens) written
        assertThat(use).isEqualTo(new PromptCache.Use(1500, 10));
    }

    @Test
    void use_missesAPrefixThatDiffers_orThatAnotherModelCached() {
        cache.use(SONNET, systemCached("a long system prompt", 1500, PromptCache.DEFAULT_TTL));

        assertThat(cache.use(SONNET, systemCached("another system prompt", 1500, PromptCache.DEFAULT_TTL)))
                .isEqualTo(new PromptCache.Use(0, 1500));
        assertThat(cache.use("anthropic.claude-haiku-4-5", systemCached("a long system prompt", 1500,
                PromptCache.DEFAULT_TTL))).isEqualTo(new PromptCache.Use(0, 1500));
    }

    @Test
    void use_forgetsThePrefixUsedLongestAgo_whenFull() {
        PromptCache small = new PromptCache(clock, 2);
        CachePrefix a = systemCached("prompt a", 100, PromptCache.DEFAULT_TTL);
        small.use(SONNET, a);
        small.use(SONNET, systemCached("prompt b", 100, PromptCache.DEFAULT_TTL));
        small.use(SONNET, systemCached("prompt c", 100, PromptCache.DEFAULT_TTL));

        assertThat(small.use(SONNET, a)).isEqualTo(new PromptCache.Use(0, 100));
    }

    @Test
    void use_readsAndWritesNothing_withoutACachePoint() {
        PromptTally tally = new PromptTally();
        tally.block("system", TextNode.valueOf("a long system prompt"), 1500);

        assertThat(tally.prefix()).isSameAs(CachePrefix.NONE);
        assertThat(cache.use(SONNET, tally.prefix())).isEqualTo(PromptCache.Use.NONE);
    }

    /** A clock the test moves. */
    private static final class SettableClock extends Clock {

        private Instant now = Instant.parse("2026-11-29T12:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
