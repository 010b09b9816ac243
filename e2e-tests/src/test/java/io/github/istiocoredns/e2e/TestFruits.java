package io.github.istiocoredns.e2e;

import io.github.istiocoredns.e2e.variantrun.FruitsAnswers;
import io.github.istiocoredns.fruits.ParityTable;

/** fruits-api's answers from its parity table, for the tiers that call it in a cluster. */
public final class TestFruits {

    private TestFruits() {
    }

    public static FruitsAnswers answers() {
        return new FruitsAnswers(ParityTable.AU, appVersion -> ParityTable.specialFruitRows(appVersion).get(0).body());
    }
}
