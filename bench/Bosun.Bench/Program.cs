// Load generators for Bosun; each prints its figures and the conditions they were measured under.
Console.Error.WriteLine("usage: Bosun.Bench <store|api> [options]");
return 2;
