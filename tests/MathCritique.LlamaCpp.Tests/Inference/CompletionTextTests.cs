using System.Text;
using MathCritique.LlamaCpp.Inference;

namespace MathCritique.LlamaCpp.Tests.Inference;

public class CompletionTextTests
{
    [Fact]
    public void Multibyte_characters_split_across_tokens_decode_whole()
    {
        var text = new CompletionText([]);
        foreach (var b in Encoding.UTF8.GetBytes("x² = 4 ✓ 😀"))
            Assert.False(text.Append([b]));
        Assert.Equal("x² = 4 ✓ 😀", text.Finish());
    }

    [Fact]
    public void A_dangling_partial_character_becomes_a_replacement_character()
    {
        var text = new CompletionText([]);
        text.Append("ab"u8);
        text.Append(Encoding.UTF8.GetBytes("€")[..2]);
        Assert.Equal("ab\uFFFD", text.Finish());
    }

    [Fact]
    public void A_stop_string_spanning_tokens_cuts_the_text_before_it()
    {
        var text = new CompletionText(["</answer>", "STOP"]);
        Assert.False(text.Append("The answer is 4</"u8));
        Assert.False(text.Append("ans"u8));
        Assert.True(text.Append("wer> and more"u8));
        Assert.Equal("The answer is 4", text.Finish());
    }

    [Fact]
    public void The_earliest_of_several_stop_strings_wins()
    {
        var text = new CompletionText(["bb", "a"]);
        Assert.True(text.Append("xxbba"u8));
        Assert.Equal("xx", text.Finish());
    }

    [Fact]
    public void Stable_text_is_held_back_while_it_could_start_a_stop_string()
    {
        var text = new CompletionText(["</a>"]);
        var streamed = new StringBuilder();
        text.Append("hello <"u8);
        streamed.Append(text.TakeStable());
        Assert.Equal("hell", streamed.ToString());
        text.Append("/"u8);
        streamed.Append(text.TakeStable());
        Assert.True(text.Append("a> tail"u8));
        streamed.Append(text.TakeStable());
        Assert.Equal("hello ", text.Finish());
        streamed.Append(text.TakeStable());
        Assert.Equal("hello ", streamed.ToString());
    }

    [Fact]
    public void Without_stop_strings_all_text_is_stable_at_once()
    {
        var text = new CompletionText([]);
        text.Append("ab"u8);
        Assert.Equal("ab", text.TakeStable());
        text.Append(Encoding.UTF8.GetBytes("€")[..1]);
        Assert.Equal("", text.TakeStable());
        text.Append(Encoding.UTF8.GetBytes("€")[1..]);
        Assert.Equal("€", text.TakeStable());
        text.Finish();
        Assert.Equal("", text.TakeStable());
    }
}
