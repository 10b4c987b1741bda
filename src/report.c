/*
 * report.c - text, JSON and raw outputs of a run (see report.h).
 */
#include "config.h"
#include <inttypes.h>
#include <string.h>
#include "i18n.h"
#include "ladder.h"
#include "report.h"

void report_events(FILE *out, const struct timeline *tl)
{
	for (size_t i = 0; i < tl->n; i++) {
		const struct event *e = &tl->ev[i];
		double t = (double)(e->t - tl->t0) / 1e6;
		char fl[16];
		switch (e->kind) {
		case EV_CALL:
		case EV_RETURN:
			fprintf(out, "%10.3f %-6s %s %s(%" PRId64 ") = %" PRId64 " %s  [%.3f ms]\n", t,
			        side_name(e->side), e->kind == EV_CALL ? "call" : "ret ",
			        call_name(e->u.call.call), e->u.call.arg, e->u.call.ret,
			        e->u.call.err ? errno_name(e->u.call.err) : "",
			        (double)(e->u.call.t_end - e->u.call.t_start) / 1e6);
			break;
		case EV_PACKET:
			tcp_flags_str(e->u.pkt.flags, fl, sizeof fl);
			fprintf(out, "%10.3f %-6s pkt  %u > %u %s seq %u ack %u len %u win %u\n", t,
			        side_name(e->side), e->u.pkt.sport, e->u.pkt.dport, fl,
			        e->u.pkt.rseq, e->u.pkt.rack, e->u.pkt.len, e->u.pkt.win);
			break;
		case EV_STATE:
			fprintf(out, "%10.3f %-6s state %u-%u %s sendq %u recvq %u timer %u/%ums%s\n", t,
			        side_name(e->side), e->u.st.lport, e->u.st.rport,
			        tcp_state_name(e->u.st.state), e->u.st.sendq, e->u.st.recvq,
			        e->u.st.timer, e->u.st.timer_ms, e->u.st.orphan ? " orphan" : "");
			break;
		case EV_NOTE:
			fprintf(out, "%10.3f note %d %s\n", t, e->u.note.what, e->u.note.text);
			break;
		}
	}
}
