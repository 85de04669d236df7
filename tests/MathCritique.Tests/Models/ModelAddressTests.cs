using MathCritique.Models;
using MathCritique.Prompts;

namespace MathCritique.Tests.Models;

public sealed class ModelAddressTests
{
    [Fact]
    public void A_server_address_names_its_model_after_the_hash_and_may_carry_settings_after_it()
    {
        var address = ModelAddress.Parse("http://127.0.0.1:8000/v1#Qwen/Qwen2.5-7B?concurrency=64&n=true&timeout=30&retries=1&endpoint=completions&api-key-env=VLLM_KEY&cache=off");

        Assert.True(address.IsHttp);
        Assert.Equal("http://127.0.0.1:8000/v1", address.Location);
        Assert.Equal("Qwen/Qwen2.5-7B", address.ModelName);
        var s = address.Settings;
        Assert.Equal(64, s.MaxConcurrency);
        Assert.True(s.UseNParameter);
        Assert.Equal(TimeSpan.FromSeconds(30), s.RequestTimeout);
        Assert.Equal(1, s.MaxRetries);
        Assert.False(s.UseChatEndpoint);
        Assert.Equal("VLLM_KEY", s.ApiKeyEnvironmentVariable);
        Assert.Equal("", s.CacheDirectory);
    }

    [Fact]
    public void Settings_may_also_sit_in_the_url_query_before_the_model()
    {
        var address = ModelAddress.Parse("https://api.example.com/v1?concurrency=4#gpt-4o?prompts=paper");
        Assert.Equal("https://api.example.com/v1", address.Location);
        Assert.Equal("gpt-4o", address.ModelName);
        Assert.Equal(4, address.Settings.MaxConcurrency);
        Assert.Equal("paper", address.Settings.PromptSet);
    }

    [Fact]
    public void A_server_without_a_model_name_asks_for_default_and_a_file_has_none()
    {
        Assert.Equal("default", ModelAddress.Parse("http://h:1/v1").ModelName);
        var file = ModelAddress.Parse("models/critic.gguf?prompts=lab-stepwise&tools=calculator,compare");
        Assert.False(file.IsHttp);
        Assert.Null(file.ModelName);
        Assert.Equal("models/critic.gguf", file.Location);
        Assert.Equal("lab-stepwise", file.Settings.PromptSet);
        Assert.Equal("calculator,compare", file.Settings.InlineTools);
        Assert.Equal(new ModelSettings(), ModelAddress.Parse("models/actor.gguf").Settings);
    }

    [Theory]
    [InlineData("m.gguf?colour=red", "unknown model setting 'colour'")]
    [InlineData("http://h/v1#m?concurrency=0", "concurrency='0' must be a whole number >= 1")]
    [InlineData("http://h/v1#m?n=maybe", "n='maybe' must be true or false")]
    [InlineData("http://h/v1#m?endpoint=grpc", "chat or completions")]
    [InlineData("m.gguf?prompts", "is not key=value")]
    public void A_bad_setting_names_the_address_and_what_is_wrong(string text, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => ModelAddress.Parse(text));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains(text.Split('?')[0], e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Later_settings_override_earlier_ones_only_where_set()
    {
        var profile = new ModelSettings { MaxConcurrency = 8, PromptSet = "paper" };
        var merged = profile.With(new ModelSettings { MaxConcurrency = 2 });
        Assert.Equal(2, merged.MaxConcurrency);
        Assert.Equal("paper", merged.PromptSet);
    }
}
