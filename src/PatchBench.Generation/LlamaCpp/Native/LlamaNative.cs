using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PatchBench.Generation.LlamaCpp.Native;

// The subset of llama.h / ggml-backend.h that PatchBench calls, as source-generated P/Invoke.
// "llama" and "ggml" are logical names mapped to the files in native/ by LlamaLibrary's resolver.
// Pointers to llama objects are IntPtr here; SafeHandles own them one level up.
internal static unsafe partial class LlamaNative
{
    internal const string Llama = "llama";
    internal const string Ggml = "ggml";
    internal const string GgmlBase = "ggml-base";

    // ggml
    [LibraryImport(Ggml, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void ggml_backend_load_all_from_path(string dirPath);

    [LibraryImport(Ggml, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr ggml_backend_load(string path);

    [LibraryImport(Ggml)]
    internal static partial nuint ggml_backend_reg_count();

    [LibraryImport(Ggml)]
    internal static partial nuint ggml_backend_dev_count();

    [LibraryImport(Ggml)]
    internal static partial IntPtr ggml_backend_dev_get(nuint index);

    [LibraryImport(GgmlBase)]
    internal static partial IntPtr ggml_backend_dev_name(IntPtr device);

    [LibraryImport(GgmlBase)]
    internal static partial int ggml_backend_dev_type(IntPtr device);

    [LibraryImport(Ggml)]
    internal static partial IntPtr ggml_backend_dev_by_type(int type);

    [LibraryImport(GgmlBase)]
    internal static partial IntPtr ggml_backend_dev_backend_reg(IntPtr device);

    [LibraryImport(GgmlBase, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr ggml_backend_reg_get_proc_address(IntPtr reg, string name);

    [LibraryImport(GgmlBase)]
    internal static partial GgmlThreadpoolParams ggml_threadpool_params_default(int nThreads);

    [LibraryImport(Llama)]
    internal static partial void llama_attach_threadpool(SafeLlamaContextHandle context, IntPtr threadpool, IntPtr threadpoolBatch);

    [LibraryImport(Llama)]
    internal static partial void llama_detach_threadpool(SafeLlamaContextHandle context);

    [LibraryImport(Llama)]
    internal static partial void llama_set_n_threads(SafeLlamaContextHandle context, int nThreads, int nThreadsBatch);

    // backend, logging
    [LibraryImport(Llama)]
    internal static partial void llama_backend_init();

    [LibraryImport(Llama)]
    internal static partial void llama_log_set(delegate* unmanaged[Cdecl]<int, byte*, void*, void> callback, void* userData);

    [LibraryImport(Llama)]
    internal static partial IntPtr llama_print_system_info();

    [LibraryImport(Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_supports_gpu_offload();

    // defaults
    [LibraryImport(Llama)]
    internal static partial LlamaModelParams llama_model_default_params();

    [LibraryImport(Llama)]
    internal static partial LlamaContextParams llama_context_default_params();

    [LibraryImport(Llama)]
    internal static partial LlamaSamplerChainParams llama_sampler_chain_default_params();

    // model
    [LibraryImport(Llama, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr llama_model_load_from_file(string pathModel, LlamaModelParams parameters);

    [LibraryImport(Llama)]
    internal static partial void llama_model_free(IntPtr model);

    [LibraryImport(Llama)]
    internal static partial IntPtr llama_model_get_vocab(SafeLlamaModelHandle model);

    [LibraryImport(Llama)]
    internal static partial int llama_model_n_ctx_train(SafeLlamaModelHandle model);

    [LibraryImport(Llama)]
    internal static partial int llama_model_n_embd(SafeLlamaModelHandle model);

    [LibraryImport(Llama)]
    internal static partial int llama_model_n_layer(SafeLlamaModelHandle model);

    [LibraryImport(Llama)]
    internal static partial ulong llama_model_n_params(SafeLlamaModelHandle model);

    [LibraryImport(Llama)]
    internal static partial ulong llama_model_size(SafeLlamaModelHandle model);

    [LibraryImport(Llama)]
    internal static partial int llama_model_desc(SafeLlamaModelHandle model, byte* buf, nuint bufSize);

    [LibraryImport(Llama, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr llama_model_chat_template(SafeLlamaModelHandle model, string? name);

    // vocabulary
    [LibraryImport(Llama)]
    internal static partial int llama_vocab_n_tokens(IntPtr vocab);

    [LibraryImport(Llama)]
    internal static partial int llama_vocab_bos(IntPtr vocab);

    [LibraryImport(Llama)]
    internal static partial int llama_vocab_eos(IntPtr vocab);

    [LibraryImport(Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_vocab_is_eog(IntPtr vocab, int token);

    [LibraryImport(Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_vocab_is_control(IntPtr vocab, int token);

    [LibraryImport(Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_vocab_get_add_bos(IntPtr vocab);

    [LibraryImport(Llama)]
    internal static partial int llama_tokenize(IntPtr vocab, byte* text, int textLen, int* tokens, int nTokensMax,
        [MarshalAs(UnmanagedType.U1)] bool addSpecial, [MarshalAs(UnmanagedType.U1)] bool parseSpecial);

    [LibraryImport(Llama)]
    internal static partial int llama_token_to_piece(IntPtr vocab, int token, byte* buf, int length, int lstrip,
        [MarshalAs(UnmanagedType.U1)] bool special);

    [LibraryImport(Llama)]
    internal static partial int llama_detokenize(IntPtr vocab, int* tokens, int nTokens, byte* text, int textLenMax,
        [MarshalAs(UnmanagedType.U1)] bool removeSpecial, [MarshalAs(UnmanagedType.U1)] bool unparseSpecial);

    [LibraryImport(Llama)]
    internal static partial int llama_chat_apply_template(byte* tmpl, LlamaChatMessage* chat, nuint nMsg,
        [MarshalAs(UnmanagedType.U1)] bool addAssistant, byte* buf, int length);

    // context
    [LibraryImport(Llama)]
    internal static partial IntPtr llama_init_from_model(SafeLlamaModelHandle model, LlamaContextParams parameters);

    [LibraryImport(Llama)]
    internal static partial void llama_free(IntPtr context);

    [LibraryImport(Llama)]
    internal static partial uint llama_n_ctx(SafeLlamaContextHandle context);

    [LibraryImport(Llama)]
    internal static partial uint llama_n_batch(SafeLlamaContextHandle context);

    [LibraryImport(Llama)]
    internal static partial int llama_n_threads(SafeLlamaContextHandle context);

    [LibraryImport(Llama)]
    internal static partial IntPtr llama_get_memory(SafeLlamaContextHandle context);

    [LibraryImport(Llama)]
    internal static partial void llama_memory_clear(IntPtr memory, [MarshalAs(UnmanagedType.U1)] bool data);

    [LibraryImport(Llama)]
    internal static partial LlamaBatch llama_batch_get_one(int* tokens, int nTokens);

    [LibraryImport(Llama)]
    internal static partial LlamaBatch llama_batch_init(int nTokens, int embd, int nSeqMax);

    [LibraryImport(Llama)]
    internal static partial void llama_batch_free(LlamaBatch batch);

    [LibraryImport(Llama)]
    internal static partial int llama_decode(SafeLlamaContextHandle context, LlamaBatch batch);

    [LibraryImport(Llama)]
    internal static partial float* llama_get_logits_ith(SafeLlamaContextHandle context, int i);

    [LibraryImport(Llama)]
    internal static partial void llama_synchronize(SafeLlamaContextHandle context);

    [LibraryImport(Llama)]
    internal static partial void llama_set_abort_callback(SafeLlamaContextHandle context, delegate* unmanaged[Cdecl]<void*, byte> callback, void* data);

    [LibraryImport(Llama)]
    internal static partial LlamaPerfContextData llama_perf_context(SafeLlamaContextHandle context);

    [LibraryImport(Llama)]
    internal static partial void llama_perf_context_reset(SafeLlamaContextHandle context);

    // samplers
    [LibraryImport(Llama)]
    internal static partial IntPtr llama_sampler_chain_init(LlamaSamplerChainParams parameters);

    [LibraryImport(Llama)]
    internal static partial void llama_sampler_chain_add(SafeLlamaSamplerHandle chain, IntPtr sampler);

    [LibraryImport(Llama)]
    internal static partial IntPtr llama_sampler_init_greedy();

    [LibraryImport(Llama)]
    internal static partial IntPtr llama_sampler_init_dist(uint seed);

    [LibraryImport(Llama)]
    internal static partial IntPtr llama_sampler_init_top_k(int k);

    [LibraryImport(Llama)]
    internal static partial IntPtr llama_sampler_init_top_p(float p, nuint minKeep);

    [LibraryImport(Llama)]
    internal static partial IntPtr llama_sampler_init_min_p(float p, nuint minKeep);

    [LibraryImport(Llama)]
    internal static partial IntPtr llama_sampler_init_temp(float t);

    [LibraryImport(Llama)]
    internal static partial IntPtr llama_sampler_init_penalties(int nVocab, int penaltyLastN, float penaltyRepeat, float penaltyFreq, float penaltyPresent);

    [LibraryImport(Llama)]
    internal static partial int llama_sampler_sample(SafeLlamaSamplerHandle sampler, SafeLlamaContextHandle context, int idx);

    [LibraryImport(Llama)]
    internal static partial void llama_sampler_accept(SafeLlamaSamplerHandle sampler, int token);

    [LibraryImport(Llama)]
    internal static partial void llama_sampler_free(IntPtr sampler);
}
