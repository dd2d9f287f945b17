package io.kept.promise.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kept.events.TrustBudget;
import io.kept.events.guarantee.GuaranteeDefined;
import io.kept.events.guarantee.GuaranteeRetired;
import io.kept.events.guarantee.GuaranteeRevised;
import io.kept.eventstore.domain.DomainException;
import io.kept.eventstore.testing.AggregateFixture;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GuaranteeAggregateTest {

    private static final GuaranteeCommand.Define DEFINE = new GuaranteeCommand.Define("delivery-2d", "Two-day delivery",
            "I need it before the weekend", "Delivered within 2 business days", Duration.ofHours(16), "office-hours",
            0.95, 0.8, null);
    private static final GuaranteeDefined DEFINED = new GuaranteeDefined("delivery-2d", "Two-day delivery",
            "I need it before the weekend", "Delivered within 2 business days", Duration.ofHours(16), "office-hours",
            0.95, 0.8, 1, null);
    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

    private final AggregateFixture<GuaranteeState, GuaranteeCommand> fixture = AggregateFixture.of(GuaranteeAggregate.INSTANCE);

    @Test
    void aNewGuaranteeIsDefinedAtVersionOne() {
        fixture.given().when(DEFINE).then(DEFINED);
    }

    @Test
    void definingTheSameGuaranteeAgainChangesNothing() {
        fixture.given(DEFINED).when(DEFINE).thenNothing();
    }

    @Test
    void aChangedDefinitionIsARevisionWithTheNextVersion() {
        GuaranteeCommand.Define faster = new GuaranteeCommand.Define("delivery-2d", "Two-day delivery",
                "I need it before the weekend", "Delivered within 2 business days", Duration.ofHours(12), "office-hours",
                0.95, 0.8, null);
        var outcome = fixture.given(DEFINED).when(faster).then(new GuaranteeRevised("delivery-2d", "Two-day delivery",
                "I need it before the weekend", "Delivered within 2 business days", Duration.ofHours(12), "office-hours",
                0.95, 0.8, 2, null));
        assertThat(outcome.state().current().target()).isEqualTo(Duration.ofHours(12));
        assertThat(outcome.state().version()).isEqualTo(2);
    }

    @Test
    void namingItsOwnTrustBudgetOrDroppingItIsARevision() {
        TrustBudget twiceAMonth = new TrustBudget(2, Duration.ofDays(30));
        GuaranteeCommand.Define own = new GuaranteeCommand.Define("delivery-2d", "Two-day delivery",
                "I need it before the weekend", "Delivered within 2 business days", Duration.ofHours(16), "office-hours",
                0.95, 0.8, twiceAMonth);
        GuaranteeRevised revised = new GuaranteeRevised("delivery-2d", "Two-day delivery", "I need it before the weekend",
                "Delivered within 2 business days", Duration.ofHours(16), "office-hours", 0.95, 0.8, 2, twiceAMonth);
        assertThat(fixture.given(DEFINED).when(own).then(revised).state().current().trustBudget()).isEqualTo(twiceAMonth);
        fixture.given(DEFINED, revised).when(own).thenNothing();
        var dropped = fixture.given(DEFINED, revised).when(DEFINE).then(new GuaranteeRevised("delivery-2d",
                "Two-day delivery", "I need it before the weekend", "Delivered within 2 business days", Duration.ofHours(16),
                "office-hours", 0.95, 0.8, 3, null));
        assertThat(dropped.state().current().trustBudget()).isNull();
    }

    @Test
    void aTargetMustBePositive() {
        GuaranteeCommand.Define zero = new GuaranteeCommand.Define("g", "n", "p", "s", Duration.ZERO, "24x7", 0.9, 0.8, null);
        fixture.given().when(zero).thenRefused(DomainException.class, "target must be a positive duration");
    }

    @Test
    void aGuaranteeIsRetiredOnce() {
        GuaranteeRetired retired = new GuaranteeRetired("delivery-2d", NOW, "product discontinued");
        fixture.given(DEFINED).when(new GuaranteeCommand.Retire(NOW, "product discontinued")).then(retired);
        fixture.given(DEFINED, retired).when(new GuaranteeCommand.Retire(NOW.plusSeconds(5), "again")).thenNothing();
    }

    @Test
    void aRetiredGuaranteeCannotBeRevisedNorTakeNewPromises() {
        GuaranteeRetired retired = new GuaranteeRetired("delivery-2d", NOW, null);
        fixture.given(DEFINED, retired).when(DEFINE).thenRefused(DomainException.class, "is retired");
        GuaranteeState state = GuaranteeAggregate.INSTANCE.fold(java.util.List.of(DEFINED, retired));
        assertThatThrownBy(() -> GuaranteeAggregate.requireAcceptsPromises("delivery-2d", state))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("takes no new promises");
    }
}
