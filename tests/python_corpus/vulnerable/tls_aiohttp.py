# cwe: CWE-295
import asyncio

import aiohttp


async def fetch_all(urls):
    async with aiohttp.ClientSession() as session:
        results = []
        for url in urls:
            async with session.get(url, ssl=False) as resp:
                results.append(await resp.text())
        return results


if __name__ == "__main__":
    print(asyncio.run(fetch_all(["https://internal.example.com/health"])))
