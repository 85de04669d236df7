namespace MathCritique.LlamaCpp.Tests;

public class EngineLoadsTests
{
    [Fact]
    public void LLamaSharp_native_library_loads()
    {
        LLama.Native.NativeApi.llama_empty_call();
        Assert.True(LLama.Native.NativeLibraryConfig.LLama.LibraryHasLoaded);
    }
}
