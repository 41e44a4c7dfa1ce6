using System.Runtime.InteropServices;

namespace PatchBench.Generation.LlamaCpp.Native;

// Blittable copies of the structs in llama.h of node-llama-cpp 3.22.1 (llama.cpp release v0.5.0),
// field by field and in the same order. C `bool` is a byte; enums are int. Layout tests compare
// every size and offset with a C program compiled from the same header (StructLayoutTests).

/// <summary>llama_model_params.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaModelParams
{
    public IntPtr devices;               // ggml_backend_dev_t *
    public IntPtr tensor_buft_overrides; // const struct llama_model_tensor_buft_override *
    public int n_gpu_layers;
    public int split_mode;               // enum llama_split_mode
    public int load_mode;                // enum llama_load_mode
    public int lazy_mode;                // enum llama_lazy_mode
    public int main_gpu;
    public IntPtr tensor_split;          // const float *
    public IntPtr progress_callback;     // llama_progress_callback
    public IntPtr progress_callback_user_data;
    public IntPtr kv_overrides;          // const struct llama_model_kv_override *
    public byte vocab_only;
    public byte check_tensors;
    public byte use_extra_bufts;
    public byte no_host;
    public byte no_alloc;
    public byte load_mtp;
}

/// <summary>llama_context_params.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaContextParams
{
    public uint n_ctx;
    public uint n_batch;
    public uint n_ubatch;
    public uint n_seq_max;
    public uint n_rs_seq;
    public uint n_outputs_max;
    public uint n_outputs_max_per_seq;
    public int n_threads;
    public int n_threads_batch;
    public int ctx_type;           // enum llama_context_type
    public int rope_scaling_type;  // enum llama_rope_scaling_type
    public int pooling_type;       // enum llama_pooling_type
    public int attention_type;     // enum llama_attention_type
    public int flash_attn_type;    // enum llama_flash_attn_type
    public float rope_freq_base;
    public float rope_freq_scale;
    public float yarn_ext_factor;
    public float yarn_attn_factor;
    public float yarn_beta_fast;
    public float yarn_beta_slow;
    public uint yarn_orig_ctx;
    public float defrag_thold;
    public IntPtr cb_eval;         // ggml_backend_sched_eval_callback
    public IntPtr cb_eval_user_data;
    public int type_k;             // enum ggml_type
    public int type_v;             // enum ggml_type
    public IntPtr abort_callback;  // ggml_abort_callback
    public IntPtr abort_callback_data;
    public byte embeddings;
    public byte offload_kqv;
    public byte no_perf;
    public byte op_offload;
    public byte swa_full;
    public byte kv_unified;
    public IntPtr samplers;        // struct llama_sampler_seq_config *
    public nuint n_samplers;
    public IntPtr ctx_other;       // struct llama_context *
}

/// <summary>llama_batch.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaBatch
{
    public int n_tokens;
    public int* token;
    public float* embd;
    public int* pos;
    public int* n_seq_id;
    public int** seq_id;
    public sbyte* logits;
}

/// <summary>llama_sampler_chain_params.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaSamplerChainParams
{
    public byte no_perf;
}

/// <summary>llama_chat_message.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaChatMessage
{
    public IntPtr role;    // const char *
    public IntPtr content; // const char *
}

/// <summary>llama_perf_context_data.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaPerfContextData
{
    public double t_start_ms;
    public double t_load_ms;
    public double t_p_eval_ms;
    public double t_eval_ms;
    public int n_p_eval;
    public int n_eval;
    public int n_reused;
}

/// <summary>llama_perf_sampler_data.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaPerfSamplerData
{
    public double t_sample_ms;
    public int n_sample;
}

/// <summary>llama_token_data.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaTokenData
{
    public int id;
    public float logit;
    public float p;
}

/// <summary>llama_token_data_array.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaTokenDataArray
{
    public LlamaTokenData* data;
    public nuint size;
    public long selected;
    public byte sorted;
}

/// <summary>llama_logit_bias.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaLogitBias
{
    public int token;
    public float bias;
}

/// <summary>ggml_threadpool_params (ggml.h); cpumask is bool[GGML_MAX_N_THREADS = 512].</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct GgmlThreadpoolParams
{
    public fixed byte cpumask[512];
    public int n_threads;
    public int prio;      // enum ggml_sched_priority
    public uint poll;
    public byte strict_cpu;
    public byte paused;
}
