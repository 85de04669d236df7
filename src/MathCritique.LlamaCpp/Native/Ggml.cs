using System.Runtime.InteropServices;

namespace MathCritique.LlamaCpp.Native;

/// <summary>
/// P/Invoke declarations for the parts of ggml the trainer uses (tensors and ops, CPU backend, scheduler,
/// ggml-opt), bound to the very <c>libggml-base.so</c>/<c>libggml-cpu.so</c> LLamaSharp loaded, so one copy
/// of ggml lives in the process. Signatures and struct layouts are those of llama.cpp commit 815a2a5
/// (LLamaSharp.Backend.Cpu 0.30.0); <see cref="EnsureLoaded"/> checks them at start-up.
/// </summary>
internal static unsafe partial class Ggml
{
    private const string Base = "ggml-base";
    private const string Cpu = "ggml-cpu";

    public const int TypeF32 = 0;
    public const int TypeF16 = 1;
    public const int TypeI32 = 26;

    public const int LossMean = 0;
    public const int LossSum = 1;
    public const int LossCrossEntropy = 2;

    public const int BuildForward = 10;
    public const int BuildGrad = 20;
    public const int BuildOpt = 30;

    public const int OptimizerAdamW = 0;
    public const int OptimizerSgd = 1;

    public const int RopeModeNorm = 0;

    [StructLayout(LayoutKind.Sequential)]
    public struct InitParams
    {
        public nuint MemSize;
        public IntPtr MemBuffer;
        public byte NoAlloc;
    }

    /// <summary><c>ggml_opt_optimizer_params</c>: 7 floats, AdamW then SGD (28 bytes; no gradient clipping in this build).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct OptimizerParams
    {
        public float AdamAlpha, AdamBeta1, AdamBeta2, AdamEps, AdamWeightDecay;
        public float SgdAlpha, SgdWeightDecay;
    }

    /// <summary><c>ggml_opt_params</c> (72 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct OptParams
    {
        public IntPtr BackendSched, CtxCompute, Inputs, Outputs;
        public int LossType, BuildType, OptPeriod;
        public IntPtr GetOptPars, GetOptParsUserData;
        public int Optimizer;
    }

    private static readonly Lazy<bool> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Loads LLamaSharp's native libraries, binds ggml to the same files and checks the ABI (once per process).</summary>
    public static void EnsureLoaded() => _ = Loaded.Value;

    private static bool Load()
    {
        {
            LLama.Native.NativeApi.llama_empty_call();
            var basePath = FindLoaded("libggml-base.so");
            var dir = Path.GetDirectoryName(basePath)!;
            var handles = new Dictionary<string, IntPtr>(StringComparer.Ordinal)
            {
                [Base] = NativeLibrary.Load(basePath),
                [Cpu] = NativeLibrary.Load(Path.Combine(dir, "libggml-cpu.so")),
            };
            NativeLibrary.SetDllImportResolver(typeof(Ggml).Assembly,
                (name, _, _) => handles.TryGetValue(name, out var h) ? h : IntPtr.Zero);
            SelfCheck();
            return true;
        }
    }

    // The process already mapped ggml through libllama; /proc/self/maps says from where.
    private static string FindLoaded(string fileName)
    {
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            int slash = line.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0 && line.EndsWith("/" + fileName, StringComparison.Ordinal))
                return line[slash..];
        }
        throw new DllNotFoundException($"{fileName} is not loaded after LLamaSharp's native library; cannot bind ggml to the same copy.");
    }

    private static void SelfCheck()
    {
        static void Expect(bool ok, string what)
        {
            if (!ok)
                throw new InvalidOperationException($"ggml ABI check failed: {what}. The native ggml does not match the llama.cpp build (815a2a5) these bindings were written for.");
        }
        Expect(type_size(TypeF32) == 4 && type_size(TypeF16) == 2 && type_size(TypeI32) == 4, "GGML_TYPE sizes (F32=0:4, F16=1:2, I32=26:4)");
        Expect(Marshal.PtrToStringUTF8(type_name(TypeI32)) == "i32", "GGML_TYPE_I32 name");
        Expect(sizeof(OptParams) == 72 && sizeof(OptimizerParams) == 28 && sizeof(InitParams) == 24, "managed struct sizes");

        var p = opt_default_params(IntPtr.Zero, LossCrossEntropy);
        Expect(p.BackendSched == IntPtr.Zero && p.Inputs == IntPtr.Zero && p.LossType == LossCrossEntropy
               && p.BuildType == BuildOpt && p.OptPeriod == 1 && p.GetOptPars != IntPtr.Zero
               && p.GetOptParsUserData == IntPtr.Zero && p.Optimizer == OptimizerAdamW, "ggml_opt_params layout");

        // Read the defaults through a wider struct: with 7 floats SGD's alpha (1e-3) is the 6th, a
        // gradient-clipping field would put 0 there.
        var wide = ((delegate* unmanaged<IntPtr, WideOptimizerParams>)p.GetOptPars)(IntPtr.Zero);
        Expect(wide.F0 == 1e-3f && wide.F1 == 0.9f && wide.F2 == 0.999f && wide.F3 == 1e-8f && wide.F4 == 0f && wide.F5 == 1e-3f && wide.F6 == 0f,
            $"ggml_opt_optimizer_params defaults [{wide.F0}, {wide.F1}, {wide.F2}, {wide.F3}, {wide.F4}, {wide.F5}, {wide.F6}]");

        var ctx = init(new InitParams { MemSize = 4 * tensor_overhead(), NoAlloc = 1 });
        try
        {
            var t = new_tensor_2d(ctx, TypeF32, 3, 5);
            Expect(((long*)t)[2] == 3 && ((long*)t)[3] == 5 && ((long*)t)[4] == 1 && nbytes(t) == 60, "ggml_tensor ne[] at offset 16");
        }
        finally
        {
            free(ctx);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct WideOptimizerParams
    {
        public float F0, F1, F2, F3, F4, F5, F6, F7;
    }

    /// <summary>The <c>ne</c> (sizes) of a tensor.</summary>
    public static long[] Shape(IntPtr tensor) => [((long*)tensor)[2], ((long*)tensor)[3], ((long*)tensor)[4], ((long*)tensor)[5]];

    // ---- context and tensors ----
    [LibraryImport(Base, EntryPoint = "ggml_init")] public static partial IntPtr init(InitParams p);
    [LibraryImport(Base, EntryPoint = "ggml_free")] public static partial void free(IntPtr ctx);
    [LibraryImport(Base, EntryPoint = "ggml_tensor_overhead")] public static partial nuint tensor_overhead();
    [LibraryImport(Base, EntryPoint = "ggml_graph_overhead_custom")] public static partial nuint graph_overhead_custom(nuint size, [MarshalAs(UnmanagedType.U1)] bool grads);
    [LibraryImport(Base, EntryPoint = "ggml_type_size")] public static partial nuint type_size(int type);
    [LibraryImport(Base, EntryPoint = "ggml_type_name")] public static partial IntPtr type_name(int type);
    [LibraryImport(Base, EntryPoint = "ggml_nbytes")] public static partial nuint nbytes(IntPtr t);
    [LibraryImport(Base, EntryPoint = "ggml_nelements")] public static partial long nelements(IntPtr t);
    [LibraryImport(Base, EntryPoint = "ggml_new_tensor_1d")] public static partial IntPtr new_tensor_1d(IntPtr ctx, int type, long ne0);
    [LibraryImport(Base, EntryPoint = "ggml_new_tensor_2d")] public static partial IntPtr new_tensor_2d(IntPtr ctx, int type, long ne0, long ne1);
    [LibraryImport(Base, EntryPoint = "ggml_new_tensor_3d")] public static partial IntPtr new_tensor_3d(IntPtr ctx, int type, long ne0, long ne1, long ne2);
    [LibraryImport(Base, EntryPoint = "ggml_set_name", StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr set_name(IntPtr t, string name);
    [LibraryImport(Base, EntryPoint = "ggml_set_param")] public static partial void set_param(IntPtr t);
    [LibraryImport(Base, EntryPoint = "ggml_set_input")] public static partial void set_input(IntPtr t);
    [LibraryImport(Base, EntryPoint = "ggml_set_output")] public static partial void set_output(IntPtr t);

    // ---- ops ----
    [LibraryImport(Base, EntryPoint = "ggml_get_rows")] public static partial IntPtr get_rows(IntPtr ctx, IntPtr a, IntPtr b);
    [LibraryImport(Base, EntryPoint = "ggml_rms_norm")] public static partial IntPtr rms_norm(IntPtr ctx, IntPtr a, float eps);
    [LibraryImport(Base, EntryPoint = "ggml_mul")] public static partial IntPtr mul(IntPtr ctx, IntPtr a, IntPtr b);
    [LibraryImport(Base, EntryPoint = "ggml_add")] public static partial IntPtr add(IntPtr ctx, IntPtr a, IntPtr b);
    [LibraryImport(Base, EntryPoint = "ggml_sub")] public static partial IntPtr sub(IntPtr ctx, IntPtr a, IntPtr b);
    [LibraryImport(Base, EntryPoint = "ggml_mul_mat")] public static partial IntPtr mul_mat(IntPtr ctx, IntPtr a, IntPtr b);
    [LibraryImport(Base, EntryPoint = "ggml_scale")] public static partial IntPtr scale(IntPtr ctx, IntPtr a, float s);
    [LibraryImport(Base, EntryPoint = "ggml_silu")] public static partial IntPtr silu(IntPtr ctx, IntPtr a);
    [LibraryImport(Base, EntryPoint = "ggml_soft_max")] public static partial IntPtr soft_max(IntPtr ctx, IntPtr a);
    [LibraryImport(Base, EntryPoint = "ggml_soft_max_ext")] public static partial IntPtr soft_max_ext(IntPtr ctx, IntPtr a, IntPtr mask, float scale, float maxBias);
    [LibraryImport(Base, EntryPoint = "ggml_diag_mask_inf")] public static partial IntPtr diag_mask_inf(IntPtr ctx, IntPtr a, int nPast);
    [LibraryImport(Base, EntryPoint = "ggml_cont")] public static partial IntPtr cont(IntPtr ctx, IntPtr a);
    [LibraryImport(Base, EntryPoint = "ggml_reshape_1d")] public static partial IntPtr reshape_1d(IntPtr ctx, IntPtr a, long ne0);
    [LibraryImport(Base, EntryPoint = "ggml_reshape_2d")] public static partial IntPtr reshape_2d(IntPtr ctx, IntPtr a, long ne0, long ne1);
    [LibraryImport(Base, EntryPoint = "ggml_reshape_3d")] public static partial IntPtr reshape_3d(IntPtr ctx, IntPtr a, long ne0, long ne1, long ne2);
    [LibraryImport(Base, EntryPoint = "ggml_reshape_4d")] public static partial IntPtr reshape_4d(IntPtr ctx, IntPtr a, long ne0, long ne1, long ne2, long ne3);
    [LibraryImport(Base, EntryPoint = "ggml_permute")] public static partial IntPtr permute(IntPtr ctx, IntPtr a, int axis0, int axis1, int axis2, int axis3);
    [LibraryImport(Base, EntryPoint = "ggml_rope_ext")]
    public static partial IntPtr rope_ext(IntPtr ctx, IntPtr a, IntPtr positions, IntPtr freqFactors, int nDims, int mode, int nCtxOrig,
        float freqBase, float freqScale, float extFactor, float attnFactor, float betaFast, float betaSlow);

    // ---- graphs ----
    [LibraryImport(Base, EntryPoint = "ggml_new_graph_custom")] public static partial IntPtr new_graph_custom(IntPtr ctx, nuint size, [MarshalAs(UnmanagedType.U1)] bool grads);
    [LibraryImport(Base, EntryPoint = "ggml_build_forward_expand")] public static partial void build_forward_expand(IntPtr graph, IntPtr tensor);

    // ---- backend ----
    [LibraryImport(Cpu, EntryPoint = "ggml_backend_cpu_init")] public static partial IntPtr backend_cpu_init();
    [LibraryImport(Cpu, EntryPoint = "ggml_backend_cpu_set_n_threads")] public static partial void backend_cpu_set_n_threads(IntPtr backend, int threads);
    [LibraryImport(Base, EntryPoint = "ggml_backend_free")] public static partial void backend_free(IntPtr backend);
    [LibraryImport(Base, EntryPoint = "ggml_backend_alloc_ctx_tensors")] public static partial IntPtr backend_alloc_ctx_tensors(IntPtr ctx, IntPtr backend);
    [LibraryImport(Base, EntryPoint = "ggml_backend_buffer_free")] public static partial void backend_buffer_free(IntPtr buffer);
    [LibraryImport(Base, EntryPoint = "ggml_backend_tensor_set")] public static partial void backend_tensor_set(IntPtr tensor, void* data, nuint offset, nuint size);
    [LibraryImport(Base, EntryPoint = "ggml_backend_tensor_memset")] public static partial void backend_tensor_memset(IntPtr tensor, byte value, nuint offset, nuint size);
    [LibraryImport(Base, EntryPoint = "ggml_backend_tensor_get")] public static partial void backend_tensor_get(IntPtr tensor, void* data, nuint offset, nuint size);
    [LibraryImport(Base, EntryPoint = "ggml_backend_sched_new")]
    public static partial IntPtr backend_sched_new(IntPtr* backends, IntPtr* bufferTypes, int nBackends, nuint graphSize,
        [MarshalAs(UnmanagedType.U1)] bool parallel, [MarshalAs(UnmanagedType.U1)] bool opOffload);
    [LibraryImport(Base, EntryPoint = "ggml_backend_sched_reset")] public static partial void backend_sched_reset(IntPtr sched);
    [LibraryImport(Base, EntryPoint = "ggml_backend_sched_alloc_graph")][return: MarshalAs(UnmanagedType.U1)] public static partial bool backend_sched_alloc_graph(IntPtr sched, IntPtr graph);
    [LibraryImport(Base, EntryPoint = "ggml_backend_sched_graph_compute")] public static partial int backend_sched_graph_compute(IntPtr sched, IntPtr graph);
    [LibraryImport(Base, EntryPoint = "ggml_backend_sched_free")] public static partial void backend_sched_free(IntPtr sched);

    // ---- ggml-opt ----
    [LibraryImport(Base, EntryPoint = "ggml_opt_default_params")] public static partial OptParams opt_default_params(IntPtr sched, int lossType);
    [LibraryImport(Base, EntryPoint = "ggml_opt_init")] public static partial IntPtr opt_init(OptParams p);
    [LibraryImport(Base, EntryPoint = "ggml_opt_free")] public static partial void opt_free(IntPtr opt);
    [LibraryImport(Base, EntryPoint = "ggml_opt_reset")] public static partial void opt_reset(IntPtr opt, [MarshalAs(UnmanagedType.U1)] bool optimizer);
    [LibraryImport(Base, EntryPoint = "ggml_opt_alloc")] public static partial void opt_alloc(IntPtr opt, [MarshalAs(UnmanagedType.U1)] bool backward);
    [LibraryImport(Base, EntryPoint = "ggml_opt_eval")] public static partial void opt_eval(IntPtr opt, IntPtr result);
    [LibraryImport(Base, EntryPoint = "ggml_opt_prepare_alloc")] public static partial void opt_prepare_alloc(IntPtr opt, IntPtr ctxCompute, IntPtr graph, IntPtr inputs, IntPtr outputs);
    [LibraryImport(Base, EntryPoint = "ggml_opt_labels")] public static partial IntPtr opt_labels(IntPtr opt);
    [LibraryImport(Base, EntryPoint = "ggml_opt_loss")] public static partial IntPtr opt_loss(IntPtr opt);
    [LibraryImport(Base, EntryPoint = "ggml_opt_grad_acc")] public static partial IntPtr opt_grad_acc(IntPtr opt, IntPtr node);
    [LibraryImport(Base, EntryPoint = "ggml_opt_result_init")] public static partial IntPtr opt_result_init();
    [LibraryImport(Base, EntryPoint = "ggml_opt_result_free")] public static partial void opt_result_free(IntPtr result);
    [LibraryImport(Base, EntryPoint = "ggml_opt_result_reset")] public static partial void opt_result_reset(IntPtr result);
    [LibraryImport(Base, EntryPoint = "ggml_opt_result_loss")] public static partial void opt_result_loss(IntPtr result, double* loss, double* uncertainty);

    // ---- helpers ----
    public static void Upload(IntPtr tensor, ReadOnlySpan<float> data)
    {
        if ((nuint)data.Length * 4 != nbytes(tensor))
            throw new ArgumentException($"Tensor holds {nbytes(tensor)} bytes, got {data.Length} floats.");
        fixed (float* p = data)
            backend_tensor_set(tensor, p, 0, nbytes(tensor));
    }

    public static void Upload(IntPtr tensor, ReadOnlySpan<int> data)
    {
        if ((nuint)data.Length * 4 != nbytes(tensor))
            throw new ArgumentException($"Tensor holds {nbytes(tensor)} bytes, got {data.Length} ints.");
        fixed (int* p = data)
            backend_tensor_set(tensor, p, 0, nbytes(tensor));
    }

    public static void Download(IntPtr tensor, Span<float> data)
    {
        if ((nuint)data.Length * 4 != nbytes(tensor))
            throw new ArgumentException($"Tensor holds {nbytes(tensor)} bytes, buffer has {data.Length} floats.");
        fixed (float* p = data)
            backend_tensor_get(tensor, p, 0, nbytes(tensor));
    }

    public static float ReadScalar(IntPtr tensor)
    {
        float value;
        backend_tensor_get(tensor, &value, 0, 4);
        return value;
    }
}
