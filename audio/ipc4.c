/* SPDX-License-Identifier: MIT */
/*
 * IPC4 requests carried out: pipelines and module instances the host builds.
 * ipc4_decode() has checked every field; here ids are looked up and the
 * pipeline and module adapter calls made, their errors turned into statuses.
 * Each request either does all it says or changes nothing, except a
 * multi-pipeline state change, which stops at the first pipeline that fails
 * (its id is in the reply's extension).
 */
#include <string.h>

#include "audio/ipc4.h"
#include "audio/ipc4_decode.h"
#include "audio/ipc4_handler.h"
#include "audio/ll_sched.h"
#include "audio/pipeline.h"
#include "kernel/errno.h"
#include "kernel/log.h"
#include "kernel/mutex.h"
#include "kernel/timer.h"

/*
 * One request at a time: the host link's IPC thread and a test (the shell's
 * `test ipc4_handler`) may both call in. Everything below runs under it.
 */
static struct mutex lock;

static struct {
	struct pipeline *ppl[IPC4_MAX_PIPELINES];
	bool eos[IPC4_MAX_PIPELINES]; /* RUNNING, and the host said EOS */
	struct ipc4_frag frag;	      /* the LARGE_CONFIG_SET blob in transfer */
} st;

/* LARGE_CONFIG_GET reads the whole blob here, then sends the part asked for. */
static uint8_t get_buf[MOD_CFG_MAX];

static struct pipeline *find_pipeline(uint32_t id)
{
	return id < IPC4_MAX_PIPELINES ? st.ppl[id] : NULL;
}

static struct mod_instance *find_instance(uint32_t module_id, uint32_t instance_id)
{
	for (unsigned int i = 0; i < IPC4_MAX_PIPELINES; i++) {
		struct pipeline *p = st.ppl[i];

		for (unsigned int j = 0; p && j < p->n_mods; j++)
			if (p->mods[j]->mod.desc->id == module_id &&
			    p->mods[j]->mod.instance_id == instance_id)
				return p->mods[j];
	}
	return NULL;
}

void ipc4_init(void)
{
	mutex_init(&lock);
}

unsigned int ipc4_pipeline_count(void)
{
	unsigned int n = 0;

	mutex_lock(&lock, TIMEOUT_FOREVER);
	for (unsigned int i = 0; i < IPC4_MAX_PIPELINES; i++)
		n += st.ppl[i] != NULL;
	mutex_unlock(&lock);
	return n;
}

unsigned int ipc4_instance_count(void)
{
	unsigned int n = 0;

	mutex_lock(&lock, TIMEOUT_FOREVER);
	for (unsigned int i = 0; i < IPC4_MAX_PIPELINES; i++)
		n += st.ppl[i] ? st.ppl[i]->n_mods : 0;
	mutex_unlock(&lock);
	return n;
}

/* A blob in transfer for an instance that goes away goes with it. */
static void drop_transfer_of(const struct mod_instance *m)
{
	if (st.frag.active && st.frag.module_id == m->mod.desc->id &&
	    st.frag.instance_id == m->mod.instance_id)
		ipc4_frag_init(&st.frag);
}

static int create_pipeline(const struct ipc4_msg *m)
{
	uint32_t id = m->create_pipeline.ppl_id;

	if (st.ppl[id])
		return -EEXIST;
	return pipe_create(id, (int)m->create_pipeline.prio, LL_PERIOD_US, &st.ppl[id]);
}

static int delete_pipeline(uint32_t id)
{
	struct pipeline *p = find_pipeline(id);
	int rc;

	if (!p)
		return -ENOENT;
	if (p->state == PIPE_RUNNING || p->state == PIPE_PAUSED)
		return -EBUSY; /* the host resets it first */
	for (unsigned int i = 0; i < p->n_mods; i++)
		drop_transfer_of(p->mods[i]);
	rc = pipe_delete(p);
	if (rc)
		return rc;
	st.ppl[id] = NULL;
	st.eos[id] = false;
	return 0;
}

/*
 * One pipeline to an IPC4 state. RESET from anywhere; PAUSED prepares a
 * reset pipeline or pauses a running one; RUNNING prepares and starts, or
 * releases a paused one; EOS only while running (it keeps running).
 */
static int set_state(uint32_t id, uint32_t state)
{
	struct pipeline *p = find_pipeline(id);
	int rc = 0;

	if (!p)
		return -ENOENT;
	switch (state) {
	case IPC4_PPL_RESET:
		if (p->state == PIPE_RUNNING || p->state == PIPE_PAUSED)
			rc = pipe_trigger(p, PIPE_CMD_STOP);
		if (!rc)
			rc = pipe_reset(p);
		break;
	case IPC4_PPL_PAUSED:
		if (p->state == PIPE_CREATED)
			rc = pipe_prepare(p);
		else if (p->state == PIPE_RUNNING)
			rc = pipe_trigger(p, PIPE_CMD_PAUSE);
		break;
	case IPC4_PPL_RUNNING:
		if (p->state == PIPE_CREATED) {
			rc = pipe_prepare(p);
			if (!rc && (rc = pipe_trigger(p, PIPE_CMD_START)))
				pipe_reset(p); /* as it was: reset */
		} else if (p->state != PIPE_RUNNING) {
			rc = pipe_trigger(p, PIPE_CMD_START);
		}
		break;
	case IPC4_PPL_EOS:
		if (p->state != PIPE_RUNNING)
			return -EBUSY;
		st.eos[id] = true;
		return 0;
	default:
		return -EINVAL; /* the decoder lets no other state through */
	}
	if (!rc)
		st.eos[id] = false;
	return rc;
}

static uint32_t set_pipeline_state(const struct ipc4_msg *m, struct ipc4_reply *r)
{
	/* Every id is looked up before anything changes. */
	for (uint32_t i = 0; i < m->set_pipeline_state.n_ids; i++) {
		if (!find_pipeline(m->set_pipeline_state.ids[i])) {
			r->ext = m->set_pipeline_state.ids[i];
			return IPC4_INVALID_RESOURCE_ID;
		}
	}
	for (uint32_t i = 0; i < m->set_pipeline_state.n_ids; i++) {
		uint32_t id = m->set_pipeline_state.ids[i];
		int rc = set_state(id, m->set_pipeline_state.state);

		if (rc) {
			LOG_DBG("ipc4: pipeline %lu to state %lu: error %d", (unsigned long)id,
				(unsigned long)m->set_pipeline_state.state, rc);
			r->ext = id;
			return ipc4_status_from_errno(rc);
		}
	}
	return IPC4_SUCCESS;
}

static uint32_t get_pipeline_state(uint32_t id, struct ipc4_reply *r)
{
	static const uint8_t ipc4_state[] = {
		[PIPE_CREATED] = IPC4_PPL_RESET,
		[PIPE_PREPARED] = IPC4_PPL_PAUSED,
		[PIPE_RUNNING] = IPC4_PPL_RUNNING,
		[PIPE_PAUSED] = IPC4_PPL_PAUSED,
	};
	const struct pipeline *p = find_pipeline(id);

	if (!p)
		return IPC4_INVALID_RESOURCE_ID;
	r->ext = ipc4_put(st.eos[id] ? IPC4_PPL_EOS : ipc4_state[p->state], IPC4_F_GPS_RPL_STATE);
	return IPC4_SUCCESS;
}

static uint32_t init_instance(const struct ipc4_msg *m)
{
	const struct sot_module_desc *desc = mod_find(m->module_id);
	struct pipeline *p = find_pipeline(m->init_instance.ppl_id);
	struct mod_instance *inst;
	int rc;

	if (!desc)
		return IPC4_MOD_INVALID_ID;
	if (find_instance(m->module_id, m->instance_id))
		return IPC4_MOD_INSTANCE_EXISTS;
	if (m->init_instance.dp != (desc->sched == SOT_SCHED_DP))
		return IPC4_ERROR_INVALID_PARAM; /* the module type decides its domain */
	if (!p)
		return IPC4_INVALID_RESOURCE_ID;
	if (p->state != PIPE_CREATED)
		return IPC4_INVALID_RESOURCE_STATE;
	rc = mod_create(desc, m->instance_id, &inst);
	if (rc)
		return ipc4_status_from_errno(rc);
	if (m->payload_size)
		rc = mod_config(inst, 0, SOT_CFG_FIRST | SOT_CFG_LAST, 0, m->payload,
				m->payload_size, m->payload_size);
	if (!rc)
		rc = pipe_add(p, inst);
	if (rc) {
		mod_destroy(inst);
		return ipc4_status_from_errno(rc);
	}
	return IPC4_SUCCESS;
}

static uint32_t delete_instance(const struct ipc4_msg *m)
{
	struct mod_instance *inst = find_instance(m->module_id, m->instance_id);
	int rc;

	if (!inst)
		return IPC4_INVALID_RESOURCE_ID;
	rc = pipe_remove(inst->pipe, inst);
	if (rc)
		return ipc4_status_from_errno(rc);
	drop_transfer_of(inst);
	mod_destroy(inst);
	return IPC4_SUCCESS;
}

static uint32_t bind(const struct ipc4_msg *m)
{
	struct mod_instance *src = find_instance(m->module_id, m->instance_id);
	struct mod_instance *dst = find_instance(m->bind.dst_module_id, m->bind.dst_instance_id);
	int rc;

	if (!src || !dst)
		return IPC4_INVALID_RESOURCE_ID;
	if (src->pipe != dst->pipe)
		return IPC4_INVALID_REQUEST; /* buffers between pipelines: not yet */
	if (m->kind == IPC4_MSG_BIND)
		rc = pipe_connect(src->pipe, src, m->bind.src_queue, dst, m->bind.dst_queue);
	else
		rc = pipe_disconnect(src->pipe, src, m->bind.src_queue, dst, m->bind.dst_queue);
	return ipc4_status_from_errno(rc);
}

static uint32_t large_config_set(const struct ipc4_msg *m)
{
	struct mod_instance *inst = find_instance(m->module_id, m->instance_id);
	struct ipc4_frag_step step;
	uint32_t status;
	int rc;

	if (!inst)
		return IPC4_INVALID_RESOURCE_ID;
	status = ipc4_frag_accept(&st.frag, m, &step);
	if (status)
		return status;
	rc = mod_config(inst, m->large_config.param_id,
			(step.first ? SOT_CFG_FIRST : 0u) | (step.done ? SOT_CFG_LAST : 0u),
			step.offset, m->payload, step.size, step.total);
	if (rc)
		ipc4_frag_init(&st.frag); /* the module refused: the host starts again */
	return ipc4_status_from_errno(rc);
}

/*
 * The blob is read whole each time and the part asked for sent: from 0 up to
 * the bytes the host takes (init block), or on from an offset.
 */
static uint32_t large_config_get(const struct ipc4_msg *m, struct ipc4_reply *r)
{
	struct mod_instance *inst = find_instance(m->module_id, m->instance_id);
	size_t total = sizeof(get_buf);
	uint32_t off = m->large_config.init ? 0 : m->large_config.off_size;
	uint32_t n;
	int rc;

	if (!inst)
		return IPC4_INVALID_RESOURCE_ID;
	rc = mod_get_config(inst, m->large_config.param_id, get_buf, &total);
	if (rc)
		return ipc4_status_from_errno(rc);
	if (off > total)
		return IPC4_INVALID_CONFIG_DATA_LEN;
	n = (uint32_t)total - off;
	if (n > r->max)
		n = r->max;
	if (m->large_config.init && n > m->large_config.off_size)
		n = m->large_config.off_size;
	memcpy(r->payload, get_buf + off, n);
	r->size = n;
	r->ext = ipc4_large_config_ext(n, m->large_config.param_id, m->large_config.init,
				       off + n == total);
	return IPC4_SUCCESS;
}

static uint32_t perform(const struct ipc4_msg *m, struct ipc4_reply *r)
{
	switch (m->kind) {
	case IPC4_MSG_CREATE_PIPELINE:
		return ipc4_status_from_errno(create_pipeline(m));
	case IPC4_MSG_DELETE_PIPELINE:
		return ipc4_status_from_errno(delete_pipeline(m->delete_pipeline.ppl_id));
	case IPC4_MSG_SET_PIPELINE_STATE:
		return set_pipeline_state(m, r);
	case IPC4_MSG_GET_PIPELINE_STATE:
		return get_pipeline_state(m->get_pipeline_state.ppl_id, r);
	case IPC4_MSG_LOAD_LIBRARY:
		return IPC4_UNAVAILABLE; /* no loadable module libraries yet */
	case IPC4_MSG_INIT_INSTANCE:
		return init_instance(m);
	case IPC4_MSG_DELETE_INSTANCE:
		return delete_instance(m);
	case IPC4_MSG_BIND:
	case IPC4_MSG_UNBIND:
		return bind(m);
	case IPC4_MSG_LARGE_CONFIG_SET:
		return large_config_set(m);
	case IPC4_MSG_LARGE_CONFIG_GET:
		return large_config_get(m, r);
	default:
		return IPC4_FAILURE;
	}
}

uint32_t ipc4_handle(uint32_t primary, uint32_t ext, const void *payload, size_t size,
		     struct ipc4_reply *r)
{
	struct ipc4_msg m;
	uint32_t status;

	r->ext = 0;
	r->size = 0;
	status = ipc4_decode(primary, ext, payload, size, NULL, &m);
	if (!status) {
		mutex_lock(&lock, TIMEOUT_FOREVER);
		status = perform(&m, r); /* sets ext and payload where the reply has them */
		mutex_unlock(&lock);
	}
	if (status)
		r->size = 0;
	r->primary = ipc4_reply_primary(primary, status);
	if (status)
		LOG_DBG("ipc4: %08lx %08lx: %s (%lu)", (unsigned long)primary, (unsigned long)ext,
			ipc4_status_name(status), (unsigned long)status);
	return status;
}

void ipc4_reset_all(void)
{
	mutex_lock(&lock, TIMEOUT_FOREVER);
	for (uint32_t id = 0; id < IPC4_MAX_PIPELINES; id++) {
		if (!st.ppl[id])
			continue;
		set_state(id, IPC4_PPL_RESET);
		delete_pipeline(id);
	}
	ipc4_frag_init(&st.frag);
	mutex_unlock(&lock);
}

bool ipc4_event_notification(const struct audio_notification *n, uint32_t *primary, uint32_t *ext,
			     uint32_t data[2])
{
	static const uint16_t event[AUDIO_EV_COUNT] = {
		[AUDIO_EV_UNDERRUN] = IPC4_RES_EV_GATEWAY_UNDERRUN,
		[AUDIO_EV_OVERRUN] = IPC4_RES_EV_GATEWAY_OVERRUN,
		[AUDIO_EV_PROCESS_ERROR] = IPC4_RES_EV_PROCESS_DATA_ERROR,
		[AUDIO_EV_MODULE_FAULT] = IPC4_RES_EV_MODULE_FAULT,
		[AUDIO_EV_MODULE_BYPASSED] = IPC4_RES_EV_MODULE_BYPASSED,
	};
	struct ipc4_hdr h;

	if ((unsigned int)n->ev >= AUDIO_EV_COUNT)
		return false;
	if (n->ev == AUDIO_EV_MODULE_MESSAGE)
		h = ipc4_enc_module_notification(n->code, n->module, n->instance, n->size);
	else
		h = ipc4_enc_resource_event(n->ev == AUDIO_EV_MODULE_EVENT ? n->code : event[n->ev],
					    IPC4_RES_MODULE_INSTANCE,
					    ipc4_resource_id(n->module, n->instance));
	*primary = h.primary;
	*ext = h.ext;
	data[0] = n->value;
	data[1] = n->value2;
	return true;
}
