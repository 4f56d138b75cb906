package com.bedrockmeter.portal.quickstart.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.portal.testsupport.KaribuTest;
import com.vaadin.flow.component.html.Pre;
import org.junit.jupiter.api.Test;

class QuickstartViewTest extends KaribuTest {

    @Test
    void quickstart_showsTheGuidesThreeExamples_withThisDeploymentsEndpoint() {
        customer("Acme");
        navigate("quickstart");
        for (String example : new String[] {"curl", "python", "javascript"}) {
            String code = _get(Pre.class, spec -> spec.withId("quickstart-" + example)).getText();
            assertThat(code).contains("http://127.0.0.1:8081/bedrock")
                    .contains("anthropic.claude-3-sonnet-20240229-v1:0")
                    .contains("Bearer your-customer-token-here");
        }
    }

    @Test
    void anonymousVisitor_cannotOpenTheQuickstart() {
        navigate("quickstart");
        assertThat(_find(QuickstartView.class)).isEmpty();
    }
}
