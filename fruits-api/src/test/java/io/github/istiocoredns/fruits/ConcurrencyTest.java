package io.github.istiocoredns.fruits;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** 8 threads x 200 requests of mixed parity rows at once: every answer exact, every Request-Id unique. */
class ConcurrencyTest {

    static final int THREADS = 8;
    static final int REQUESTS_PER_THREAD = 200;
    static final long OVERALL_TIMEOUT_SECONDS = 120;

    private static FruitsApp app;
    private static URI baseUri;

    @BeforeAll
    static void startServer() {
        app = FruitsApp.create(AppSettings.forTests("1")).start();
        baseUri = URI.create("http://localhost:" + app.port());
    }

    @AfterAll
    static void stopServer() {
        app.javalin().stop();
    }

    @Test
    void concurrentRequestsAllGetExactAnswers() throws Exception {
        List<ParityCase> rows = mixedRows();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        Set<String> requestIds = ConcurrentHashMap.newKeySet();
        AtomicInteger answersWithId = new AtomicInteger();
        AtomicInteger answers = new AtomicInteger();

        List<Callable<Void>> workers = new ArrayList<>();
        for (int thread = 0; thread < THREADS; thread++) {
            int offset = thread;
            workers.add(() -> {
                for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
                    ParityCase row = rows.get((offset * 31 + i) % rows.size());
                    try {
                        ParityCheck.Answer answer = ParityCheck.send(baseUri, row);
                        ParityCheck.assertMatches(row, answer);
                        answers.incrementAndGet();
                        String id = answer.header("Request-Id");
                        if (id != null) {
                            requestIds.add(id);
                            answersWithId.incrementAndGet();
                        }
                    } catch (AssertionError | RuntimeException e) {
                        failures.add(row.name() + ": " + e.getMessage());
                    }
                }
                return null;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (Future<Void> done : pool.invokeAll(workers, OVERALL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                assertThat(done.isCancelled()).as("a worker did not finish within %d s", OVERALL_TIMEOUT_SECONDS).isFalse();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(failures).as("failed rows (first of %d)", failures.size()).isEmpty();
        assertThat(answers.get()).isEqualTo(THREADS * REQUESTS_PER_THREAD);
        assertThat(requestIds).as("Request-Id values must be unique").hasSize(answersWithId.get());
        assertThat(answersWithId.get()).isPositive();
    }

    private static List<ParityCase> mixedRows() {
        List<ParityCase> rows = new ArrayList<>();
        rows.addAll(ParityTable.countryRows());
        rows.addAll(ParityTable.priceRows());
        rows.addAll(ParityTable.specialFruitRows("1"));
        rows.addAll(ParityTable.routerRows());
        rows.addAll(ParityTable.corsRows());
        rows.addAll(ParityTable.acceptRows());
        return rows;
    }
}
