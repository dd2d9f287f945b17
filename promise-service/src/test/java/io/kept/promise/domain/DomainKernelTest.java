package io.kept.promise.domain;

import io.kept.testkit.DomainKernel;
import org.junit.jupiter.api.Test;

class DomainKernelTest {

    @Test
    void theDomainIsPlainJavaAndRefusesWithoutHttp() {
        DomainKernel.check("io.kept.promise");
    }
}
