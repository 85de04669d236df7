#:property PublishAot=false
// Synthetic SFT data for training benchmarks: 2-digit additions with a worked carry, as JSON Lines.
// Usage: dotnet run bench/Training/MakeAdditionSft.cs -- <out.jsonl> <count> <seed>
using System.Text.Json;

var path = args.Length > 0 ? args[0] : "addition.jsonl";
int count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20000;
int seed = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1;
var random = new Random(seed);
using var writer = new StreamWriter(path);
for (int i = 0; i < count; i++)
{
    int a = random.Next(10, 100), b = random.Next(10, 100);
    int ones = a % 10 + b % 10, carry = ones / 10, tens = a / 10 + b / 10 + carry;
    var completion = $"{a % 10}+{b % 10}={ones}, write {ones % 10} carry {carry}. {a / 10}+{b / 10}+{carry}={tens}. The answer is {a + b}.";
    writer.WriteLine(JsonSerializer.Serialize(new Dictionary<string, string> { ["prompt"] = $"{a}+{b}=?", ["completion"] = completion }));
}
Console.Error.WriteLine($"wrote {count} examples to {path}");
