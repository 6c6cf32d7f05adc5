Console.Error.WriteLine("usage: bosun server [flags]");
return 2;
