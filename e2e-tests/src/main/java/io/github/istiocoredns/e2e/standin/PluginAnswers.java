package io.github.istiocoredns.e2e.standin;

import java.io.IOException;
import java.net.Inet4Address;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * What the plugin's {@code Query} ({@code plugin.go}) answers to a DNS message, given its name table. Pure.
 *
 * <p>The response, field by field, as the plugin builds it with miekg/dns v1.0.14 ({@code SetReply}, then
 * {@code Authoritative = true}):
 * <ul>
 *   <li>ID and opcode of the query; QR set; AA set; RD and CD copied only when the opcode is QUERY; RA, AD, TC
 *       never set;</li>
 *   <li>question section: the query's FIRST question only (SetReply copies one);</li>
 *   <li>answers: for each question of type A (the class is not looked at) whose name is in the table, one A record
 *       per address, class IN, TTL 3600, owner name exactly as queried; a later matching question replaces the
 *       answers of an earlier one; any other type (AAAA, ANY, ...) is ignored;</li>
 *   <li>rcode NXDOMAIN when there is no answer (no SOA in the authority section), otherwise NOERROR;</li>
 *   <li>no EDNS OPT record, even when the query had one (the reply is a new message).</li>
 * </ul>
 */
public final class PluginAnswers {

    /** The TTL the plugin puts on every A record ({@code plugin.go}, func {@code a}). */
    public static final long PLUGIN_TTL_SECONDS = 3600;

    private PluginAnswers() {
    }

    /** The plugin's response to a parsed query. */
    public static Message answer(Message query, ServiceEntryRecords records) {
        Header queryHeader = query.getHeader();
        Message response = new Message(queryHeader.getID());
        Header header = response.getHeader();
        header.setFlag(Flags.QR);
        header.setOpcode(queryHeader.getOpcode());
        if (queryHeader.getOpcode() == Opcode.QUERY) {
            copyFlag(queryHeader, header, Flags.RD);
            copyFlag(queryHeader, header, Flags.CD);
        }
        header.setFlag(Flags.AA);

        List<Record> questions = query.getSection(Section.QUESTION);
        if (!questions.isEmpty()) {
            response.addRecord(questions.get(0), Section.QUESTION);
        }
        List<ARecord> answers = List.of();
        for (Record question : questions) {
            if (question.getType() == Type.A) {
                List<Inet4Address> addresses = records.lookup(question.getName().toString());
                if (!addresses.isEmpty()) {
                    answers = addresses.stream()
                            .map(address -> new ARecord(question.getName(), DClass.IN, PLUGIN_TTL_SECONDS, address))
                            .toList();
                }
            }
        }
        answers.forEach(answer -> response.addRecord(answer, Section.ANSWER));
        header.setRcode(answers.isEmpty() ? Rcode.NXDOMAIN : Rcode.NOERROR);
        return response;
    }

    /**
     * The plugin's response in wire format.
     *
     * @throws IOException when the query does not parse (the plugin then fails the gRPC call with
     *         "failed to unmarshall dns query")
     */
    public static byte[] answer(byte[] wireQuery, ServiceEntryRecords records) throws IOException {
        return answer(new Message(wireQuery), records).toWire();
    }

    private static void copyFlag(Header from, Header to, int flag) {
        if (from.getFlag(flag)) {
            to.setFlag(flag);
        }
    }
}
