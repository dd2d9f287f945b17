package io.kept.followup.domain;

import io.kept.testkit.DomainKernel;
import org.junit.jupiter.api.Test;

class DomainKernelTest {

    @Test
    void theDomainIsPlainJavaAndRefusesWithoutHttp() {
        DomainKernel.check("io.kept.followup");
    }
}
