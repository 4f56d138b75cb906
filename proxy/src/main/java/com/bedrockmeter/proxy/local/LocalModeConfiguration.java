package com.bedrockmeter.proxy.local;

import com.bedrockmeter.proxy.ProxyProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** In local mode without a Bedrock endpoint, the simulator runs in this process and the client points at it. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${bedrock-meter.bedrock.endpoint:}'.isEmpty()"
        + " and '${bedrock-meter.mode:aws}'.equalsIgnoreCase('local')")
class LocalModeConfiguration {

    @Bean(destroyMethod = "close")
    BedrockSimulator bedrockSimulator(ProxyProperties properties) {
        return BedrockSimulator.start(properties.bedrock().simulatorPort());
    }
}
