package io.github.istiocoredns.e2e.standin;

import static io.github.istiocoredns.e2e.standin.ServiceEntryRecordsTest.dns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The plugin's Query, message in and message out (plugin.go with miekg/dns v1.0.14 SetReply). */
class PluginAnswersTest {

    private static final ServiceEntryRecords RECORDS = ServiceEntryRecords.from(List.of(
            dns("my-fruits.internal").addresses("10.103.1.1").build(),
            dns("two.internal").addresses("10.0.0.1", "10.0.0.2").build()));

    /**
     * A case: the query, then what the response must show.
     *
     * @param flags exactly the header flags set in the response, as dig prints them
     * @param answers the answer section, one "name ttl class type data" string per record
     */
    record QueryCase(String rule, Supplier<Message> query, int rcode, String flags, List<String> answers) {
        @Override
        public String toString() {
            return rule;
        }
    }

    static Stream<QueryCase> queryCases() {
        return Stream.of(
                new QueryCase("A of a known name: authoritative, TTL 3600, no RA", q("my-fruits.internal.", Type.A),
                        Rcode.NOERROR, "qr aa rd", List.of("my-fruits.internal. 3600 IN A 10.103.1.1")),
                new QueryCase("one A record per address", q("two.internal.", Type.A), Rcode.NOERROR, "qr aa rd",
                        List.of("two.internal. 3600 IN A 10.0.0.1", "two.internal. 3600 IN A 10.0.0.2")),
                new QueryCase("AAAA of a known name: NXDOMAIN", q("my-fruits.internal.", Type.AAAA), Rcode.NXDOMAIN,
                        "qr aa rd", List.of()),
                new QueryCase("ANY of a known name: NXDOMAIN", q("my-fruits.internal.", Type.ANY), Rcode.NXDOMAIN,
                        "qr aa rd", List.of()),
                new QueryCase("TXT of a known name: NXDOMAIN", q("my-fruits.internal.", Type.TXT), Rcode.NXDOMAIN,
                        "qr aa rd", List.of()),
                new QueryCase("unknown name: NXDOMAIN", q("unknown.internal.", Type.A), Rcode.NXDOMAIN, "qr aa rd",
                        List.of()),
                new QueryCase("other case: NXDOMAIN", q("My-Fruits.Internal.", Type.A), Rcode.NXDOMAIN, "qr aa rd",
                        List.of()),
                new QueryCase("RD not set, not copied", with(q("my-fruits.internal.", Type.A), h -> h.unsetFlag(Flags.RD)),
                        Rcode.NOERROR, "qr aa", List.of("my-fruits.internal. 3600 IN A 10.103.1.1")),
                new QueryCase("CD copied", with(q("my-fruits.internal.", Type.A), h -> h.setFlag(Flags.CD)), Rcode.NOERROR,
                        "qr aa rd cd", List.of("my-fruits.internal. 3600 IN A 10.103.1.1")),
                new QueryCase("AD and RA of the query are not echoed",
                        with(q("my-fruits.internal.", Type.A), h -> {
                            h.setFlag(Flags.AD);
                            h.setFlag(Flags.RA);
                        }), Rcode.NOERROR,
                        "qr aa rd", List.of("my-fruits.internal. 3600 IN A 10.103.1.1")),
                new QueryCase("class is not looked at; answer is IN", qClass("my-fruits.internal.", DClass.CH),
                        Rcode.NOERROR, "qr aa rd", List.of("my-fruits.internal. 3600 IN A 10.103.1.1")),
                new QueryCase("opcode other than QUERY: RD not copied, still answered",
                        with(q("my-fruits.internal.", Type.A), h -> h.setOpcode(Opcode.STATUS)), Rcode.NOERROR, "qr aa",
                        List.of("my-fruits.internal. 3600 IN A 10.103.1.1")),
                new QueryCase("two questions: the later match answers", twoQuestions("my-fruits.internal.", "two.internal."),
                        Rcode.NOERROR, "qr aa rd",
                        List.of("two.internal. 3600 IN A 10.0.0.1", "two.internal. 3600 IN A 10.0.0.2")),
                new QueryCase("two questions: an unknown later name keeps the earlier answer",
                        twoQuestions("my-fruits.internal.", "unknown.internal."), Rcode.NOERROR, "qr aa rd",
                        List.of("my-fruits.internal. 3600 IN A 10.103.1.1")),
                new QueryCase("no question: NXDOMAIN", () -> new Message(4711), Rcode.NXDOMAIN, "qr aa", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queryCases")
    void answersAsThePluginDoes(QueryCase c) {
        Message query = c.query().get();

        Message response = PluginAnswers.answer(query, RECORDS);

        assertThat(response.getHeader().getID()).isEqualTo(query.getHeader().getID());
        assertThat(Rcode.string(response.getRcode())).isEqualTo(Rcode.string(c.rcode()));
        assertThat(flags(response)).isEqualTo(c.flags());
        assertThat(response.getSection(Section.ANSWER)).map(PluginAnswersTest::text).isEqualTo(c.answers());
        assertThat(response.getSection(Section.AUTHORITY)).as("no SOA with NXDOMAIN").isEmpty();
        assertThat(response.getHeader().getOpcode()).isEqualTo(query.getHeader().getOpcode());
    }

    @Test
    void theQuestionSectionHoldsTheFirstQuestionOnly() {
        Message response = PluginAnswers.answer(twoQuestions("my-fruits.internal.", "two.internal.").get(), RECORDS);

        assertThat(response.getSection(Section.QUESTION)).map(r -> r.getName().toString()).containsExactly("my-fruits.internal.");
    }

    @Test
    void theAnswerNameIsTheQueriedName() {
        ServiceEntryRecords wildcard = ServiceEntryRecords.from(List.of(
                dns("*.foo.com").addresses("10.0.0.5").endpoints("10.1.1.1").build()));

        Message response = PluginAnswers.answer(q("b.a.foo.com.", Type.A).get(), wildcard);

        assertThat(response.getSection(Section.ANSWER)).map(PluginAnswersTest::text).containsExactly("b.a.foo.com. 3600 IN A 10.0.0.5");
    }

    @Test
    void anEdnsQueryGetsAResponseWithoutOpt() {
        Message query = q("my-fruits.internal.", Type.A).get();
        query.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);

        Message response = PluginAnswers.answer(query, RECORDS);

        assertThat(response.getOPT()).isNull();
        assertThat(response.getSection(Section.ADDITIONAL)).isEmpty();
    }

    @Test
    void wireFormatRoundTrips() throws IOException {
        Message query = q("my-fruits.internal.", Type.A).get();

        Message response = new Message(PluginAnswers.answer(query.toWire(), RECORDS));

        assertThat(response.getSection(Section.ANSWER)).map(Record::rdataToString).containsExactly("10.103.1.1");
    }

    @Test
    void anUnparsableQueryIsAnError() {
        assertThatThrownBy(() -> PluginAnswers.answer(new byte[] {1, 2, 3}, RECORDS)).isInstanceOf(IOException.class);
    }

    private static Supplier<Message> q(String name, int type) {
        return () -> Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN));
    }

    private static Supplier<Message> qClass(String name, int dclass) {
        return () -> Message.newQuery(Record.newRecord(Name.fromConstantString(name), Type.A, dclass));
    }

    private static Supplier<Message> twoQuestions(String first, String second) {
        return () -> {
            Message message = Message.newQuery(Record.newRecord(Name.fromConstantString(first), Type.A, DClass.IN));
            message.addRecord(Record.newRecord(Name.fromConstantString(second), Type.A, DClass.IN), Section.QUESTION);
            return message;
        };
    }

    private static Supplier<Message> with(Supplier<Message> query, Consumer<Header> change) {
        return () -> {
            Message message = query.get();
            change.accept(message.getHeader());
            return message;
        };
    }

    /** A record as "name ttl class type data", single-spaced (dnsjava pads its own toString with tabs). */
    static String text(Record record) {
        return record.getName() + " " + record.getTTL() + " " + DClass.string(record.getDClass()) + " "
                + Type.string(record.getType()) + " " + record.rdataToString();
    }

    private static String flags(Message message) {
        StringBuilder flags = new StringBuilder();
        for (int flag : new int[] {Flags.QR, Flags.AA, Flags.TC, Flags.RD, Flags.RA, Flags.AD, Flags.CD}) {
            if (message.getHeader().getFlag(flag)) {
                flags.append(flags.length() == 0 ? "" : " ").append(Flags.string(flag));
            }
        }
        return flags.toString();
    }
}
